package io.comfyless.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WorkerLivenessTest {

    private static final Instant HEARD = Instant.parse("2026-01-01T00:00:00Z");

    private static Worker running() {
        return new Worker(
                "runner-1",
                WorkerState.RUNNING,
                "g5.xlarge",
                "spot",
                "exec_1",
                3,
                0,
                HEARD,
                HEARD,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    @Test
    void aRunnerHeardFromWithinTheLimitIsShownAsItReported() {
        Worker seen = WorkerLiveness.asSeenAt(running(), HEARD.plus(WorkerLiveness.SILENCE_LIMIT));

        assertThat(seen).isEqualTo(running());
        assertThat(seen.live()).isTrue();
    }

    @Test
    void aRunnerSilentPastTheLimitIsGoneAndHoldsNoJob() {
        Worker seen = WorkerLiveness.asSeenAt(
                running(), HEARD.plus(WorkerLiveness.SILENCE_LIMIT).plusMillis(1));

        assertThat(seen.state()).isEqualTo(WorkerState.GONE);
        assertThat(seen.currentJob()).isNull();
        assertThat(seen.live()).isFalse();
        assertThat(seen.jobsCompleted()).isEqualTo(3);
        assertThat(seen.heartbeatAt()).isEqualTo(HEARD);
    }

    @Test
    void theLimitLeavesRoomForTwoMissedReportsAndShowsALossWithinThirtySeconds() {
        assertThat(WorkerLiveness.SILENCE_LIMIT)
                .isGreaterThanOrEqualTo(Duration.ofSeconds(10))
                .isLessThan(Duration.ofSeconds(30));
    }
}
