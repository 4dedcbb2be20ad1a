package io.comfyless.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunTimesTest {

    private final RunTimes runTimes = new RunTimes();
    private final Instant start = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void theFirstRunTimeIsWrittenAtOnceAndLaterOnesTogetherAfterTheInterval() {
        assertThat(runTimes.add(Duration.ofMillis(400), start)).contains(new RunTimes.Batch(1, 400));

        assertThat(runTimes.add(Duration.ofMillis(100), start.plusSeconds(1))).isEmpty();
        assertThat(runTimes.add(Duration.ofMillis(200), start.plusSeconds(9))).isEmpty();
        assertThat(runTimes.add(Duration.ofMillis(300), start.plus(RunTimes.FLUSH_EVERY)))
                .contains(new RunTimes.Batch(3, 600));
        assertThat(runTimes.add(
                        Duration.ofMillis(50), start.plus(RunTimes.FLUSH_EVERY).plusSeconds(1)))
                .isEmpty();
    }
}
