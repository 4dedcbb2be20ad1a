package io.comfyless.runner.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DrainPolicyTest {

    @Test
    void letsAJobFinishWhenItsExtrapolatedRemainderFitsTheGrace() {
        // 50 % in 20 s: about 20 s left, 90 s of grace.
        assertThat(DrainPolicy.shouldHandBack(Duration.ofSeconds(20), 50, Duration.ofSeconds(90)))
                .isFalse();
    }

    @Test
    void handsBackAJobThatWillNotFinishInTime() {
        // 10 % in 30 s: about 270 s left, 90 s of grace.
        assertThat(DrainPolicy.shouldHandBack(Duration.ofSeconds(30), 10, Duration.ofSeconds(90)))
                .isTrue();
    }

    @Test
    void waitsOnAJobWithoutProgressUntilTheSafetyMargin() {
        assertThat(DrainPolicy.shouldHandBack(Duration.ofSeconds(5), 0, Duration.ofSeconds(60)))
                .isFalse();
        assertThat(DrainPolicy.shouldHandBack(Duration.ofSeconds(5), 0, DrainPolicy.SAFETY_MARGIN))
                .isTrue();
    }
}
