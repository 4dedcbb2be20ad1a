package io.comfyless.runner.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    private static final long MS = 1_000_000;
    private long now = 1_000 * MS;
    private final List<Runnable> due = new ArrayList<>();
    private final List<Long> delays = new ArrayList<>();
    private final List<String> sent = new ArrayList<>();
    private final Throttle<String> throttle = new Throttle<>(
            Duration.ofMillis(250),
            (task, delayNanos) -> {
                due.add(task);
                delays.add(delayNanos);
            },
            () -> now,
            sent::add);

    private void runDue() {
        List<Runnable> tasks = new ArrayList<>(due);
        due.clear();
        tasks.forEach(Runnable::run);
    }

    @Test
    void theFirstValueOfAQuietSpellGoesAtOnce() {
        throttle.offer("step 1");

        assertThat(delays).containsExactly(0L);
        runDue();
        assertThat(sent).containsExactly("step 1");
    }

    @Test
    void ofABurstOnlyTheLatestGoesWhenTheIntervalEnds() {
        throttle.offer("step 1");
        runDue();
        now += 50 * MS;

        throttle.offer("step 2");
        throttle.offer("step 3");
        throttle.offer("step 4");

        assertThat(delays).containsExactly(0L, 200 * MS);
        now += 200 * MS;
        runDue();
        assertThat(sent).containsExactly("step 1", "step 4");
    }

    @Test
    void aValueAfterALongPauseIsNotHeldBack() {
        throttle.offer("a");
        runDue();
        now += 5_000 * MS;

        throttle.offer("b");

        assertThat(delays).containsExactly(0L, 0L);
    }

    @Test
    void flushingSendsWhatWaitsNowAndTheScheduledSendThenFindsNothing() {
        throttle.offer("a");
        runDue();
        throttle.offer("last");

        throttle.flush();
        runDue();

        assertThat(sent).containsExactly("a", "last");
    }

    @Test
    void discardingForgetsWhatWaitsSoTheScheduledSendFindsNothing() {
        throttle.offer("a");
        runDue();
        throttle.offer("stale");

        throttle.discard();
        runDue();

        assertThat(sent).containsExactly("a");
    }
}
