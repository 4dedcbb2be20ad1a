package io.comfyless.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.testkit.fixtures.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class FleetWakerTest {

    private final TestClock clock = new TestClock(Instant.parse("2031-01-06T08:00:00Z"));
    private final InMemoryFleet fleet = new InMemoryFleet();
    private final MemoryMark mark = new MemoryMark();

    /** The shared mark, as the conditional write keeps it: one claimant while it holds. */
    private static final class MemoryMark implements WakeMark {
        private Instant until = Instant.MIN;
        private int claims;

        @Override
        public synchronized boolean claim(Instant now, Duration hold) {
            if (now.isBefore(until)) {
                return false;
            }
            until = now.plus(hold);
            claims++;
            return true;
        }

        @Override
        public synchronized void release() {
            until = Instant.MIN;
        }
    }

    @Test
    void aJobOnAnEmptyFleetAsksForOneRunnerAndLaunchesOneInstance() {
        FleetWaker.Wake wake = new FleetWaker(mark, fleet, clock).jobQueued();

        assertThat(wake).isEqualTo(new FleetWaker.Wake(true, true, true));
        assertThat(fleet.desiredTasks()).isEqualTo(1);
        assertThat(fleet.view().group().orElseThrow().desired()).isEqualTo(1);
    }

    @Test
    void aBurstFromManyProcessesWakesTheFleetOnce() throws Exception {
        List<FleetWaker> processes = List.of(
                new FleetWaker(mark, fleet, clock),
                new FleetWaker(mark, fleet, clock),
                new FleetWaker(mark, fleet, clock),
                new FleetWaker(mark, fleet, clock));
        List<Callable<FleetWaker.Wake>> submits = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            FleetWaker process = processes.get(i % processes.size());
            submits.add(process::jobQueued);
        }
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            threads.invokeAll(submits);
        } finally {
            threads.shutdownNow();
        }

        assertThat(fleet.serviceChanges.get()).isEqualTo(1);
        assertThat(fleet.groupRaises.get()).isEqualTo(1);
        assertThat(mark.claims).isEqualTo(1);
    }

    @Test
    void afterTheHoldTheNextJobLooksAgainAndLeavesARunningFleetAlone() {
        FleetWaker waker = new FleetWaker(mark, fleet, clock);
        waker.jobQueued();
        fleet.setDesired(3);

        clock.advance(FleetWaker.HOLD.minusSeconds(1));
        assertThat(waker.jobQueued().checked()).isFalse();
        clock.advance(Duration.ofSeconds(2));
        FleetWaker.Wake later = waker.jobQueued();

        assertThat(later).isEqualTo(new FleetWaker.Wake(true, false, false));
        assertThat(fleet.desiredTasks()).isEqualTo(3);
    }

    @Test
    void aFailedWakeReleasesTheMarkSoTheNextJobTriesAgain() {
        FleetControl broken = new InMemoryFleet() {
            private int calls;

            @Override
            public synchronized int desiredTasks() {
                if (calls++ == 0) {
                    throw new IllegalStateException("ECS unavailable");
                }
                return super.desiredTasks();
            }
        };
        FleetWaker waker = new FleetWaker(mark, broken, clock);

        assertThat(waker.jobQueued().checked()).isFalse();
        FleetWaker.Wake retried = waker.jobQueued();

        assertThat(retried.raisedService()).isTrue();
        assertThat(broken.desiredTasks()).isEqualTo(1);
    }
}
