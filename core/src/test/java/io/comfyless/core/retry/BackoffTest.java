package io.comfyless.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(320));

    @Test
    void eachRetryWaitsTwiceAsLongAsTheOneBefore() {
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(10));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofMillis(20));
        assertThat(backoff.delay(6)).isEqualTo(Duration.ofMillis(320));
    }

    @Test
    void neverWaitsLongerThanTheMaximumHoweverManyRetries() {
        assertThat(backoff.delay(7)).isEqualTo(Duration.ofMillis(320));
        assertThat(backoff.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofMillis(320));
        assertThat(Backoff.exponential(Duration.ofSeconds(30), Duration.ofHours(1))
                        .delay(40))
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void jitterStaysBetweenHalfTheFirstDelayAndTheDelay() {
        Backoff jittered = backoff.withJitter();

        for (int i = 0; i < 200; i++) {
            assertThat(jittered.delay(3)).isBetween(Duration.ofMillis(5), Duration.ofMillis(40));
        }
    }

    @Test
    void refusesAMaximumBelowTheFirstDelay() {
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
