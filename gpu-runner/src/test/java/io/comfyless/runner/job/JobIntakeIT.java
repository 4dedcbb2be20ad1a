package io.comfyless.runner.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.comfyless.core.job.ExecutionConfig;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.Lane;
import io.comfyless.core.job.Priority;
import io.comfyless.core.queue.Delivery;
import io.comfyless.core.queue.QueueDepth;
import io.comfyless.runner.RunnerStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How a runner takes jobs off the three lanes, against the AWS emulator. */
class JobIntakeIT {

    /** Far longer than any pick-up may take: a job that waits for a poll to end would show it. */
    private static final Duration LONG_POLL = Duration.ofSeconds(20);

    private static final Map<Lane, Priority> PRIORITIES =
            Map.of(Lane.HIGH, Priority.HIGH, Lane.NORMAL, Priority.NORMAL, Lane.LOW, Priority.LOW);

    private RunnerStack stack;
    private JobIntake intake;
    private final ExecutorService intakeThread = Executors.newSingleThreadExecutor();

    @BeforeEach
    void start() {
        stack = new RunnerStack();
        intake = stack.intake(stack.config("intake", LONG_POLL));
    }

    @AfterEach
    void stop() {
        intakeThread.shutdownNow();
        // The AWS clients first: closing them ends the long polls still out, which the intake would wait for.
        stack.close();
        intake.close();
    }

    private Job submit(Lane lane, String tag) {
        return stack.submit(RunnerStack.invertWorkflow(tag), ExecutionConfig.defaults(), PRIORITIES.get(lane));
    }

    @Test
    void anIdleIntakeTakesAJobOnAnyLaneAsSoonAsItArrives() throws Exception {
        for (Lane lane : List.of(Lane.LOW, Lane.NORMAL, Lane.HIGH, Lane.NORMAL)) {
            Future<Optional<ClaimedJob>> next = intakeThread.submit(intake::next);
            awaitWatchingEveryLane();

            Job job = submit(lane, "idle-" + lane);

            assertThat(next.get(5, TimeUnit.SECONDS))
                    .as("a job on the %s lane, while every lane is watched for %s", lane, LONG_POLL)
                    .hasValueSatisfying(
                            claimed -> assertThat(claimed.job().id()).isEqualTo(job.id()));
        }
    }

    @Test
    void waitingJobsAreTakenHighestPriorityFirstWithoutStarvingAnyLane() {
        for (int i = 0; i < 10; i++) {
            for (Lane lane : Lane.values()) {
                submit(lane, "backlog-" + lane + "-" + i);
            }
        }
        List<Lane> taken = new ArrayList<>();

        for (int cycle = 0; cycle < 10; cycle++) {
            taken.add(next().job().lane());
        }

        assertThat(taken.get(0)).isEqualTo(Lane.HIGH);
        Map<Lane, Integer> counts = new EnumMap<>(Lane.class);
        taken.forEach(lane -> counts.merge(lane, 1, Integer::sum));
        assertThat(counts)
                .containsEntry(Lane.HIGH, 6)
                .containsEntry(Lane.NORMAL, 3)
                .containsEntry(Lane.LOW, 1);
    }

    @Test
    void aJobTheLaneWatchBroughtInWhileTheRunnerHadNoRoomIsHandedBackAtOnce() throws Exception {
        Future<Optional<ClaimedJob>> first = intakeThread.submit(intake::next);
        awaitWatchingEveryLane();
        Job running = submit(Lane.NORMAL, "first");
        assertThat(first.get(5, TimeUnit.SECONDS))
                .hasValueSatisfying(c -> assertThat(c.job().id()).isEqualTo(running.id()));

        // The high lane's poll is still out: it takes this job in, and the intake holds it.
        Job waiting = submit(Lane.HIGH, "second");
        await().atMost(Duration.ofSeconds(10)).until(() -> depth(Lane.HIGH).equals(new QueueDepth(0, 1)));
        intake.releaseHeld();

        List<Delivery> again = stack.queue.receive(Lane.HIGH, 10, Duration.ofSeconds(5), Duration.ofSeconds(30));
        assertThat(again).singleElement().satisfies(delivery -> {
            assertThat(delivery.message().orElseThrow().jobId()).isEqualTo(waiting.id());
            assertThat(delivery.receiveCount()).isEqualTo(2);
        });
    }

    /** Until the intake found every lane empty and watches them all: the job submitted next must reach it that way. */
    private void awaitWatchingEveryLane() {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> List.of(Lane.values()).stream().allMatch(intake::watching));
    }

    private ClaimedJob next() {
        try {
            return intake.next().orElseThrow();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private QueueDepth depth(Lane lane) {
        return stack.queue.depth().get(lane);
    }
}
