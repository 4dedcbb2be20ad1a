package io.comfyless.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CompletionTotalsTest {

    private final CompletionTotals totals = new CompletionTotals();
    private final Instant start = Instant.parse("2025-01-01T00:00:00Z");

    private static JobMetrics used(double gpuSeconds, double queueSeconds) {
        return new JobMetrics(queueSeconds, null, gpuSeconds, null, null, null);
    }

    @Test
    void theFirstCompletionIsWrittenAtOnceAndLaterOnesTogetherAfterTheInterval() {
        assertThat(totals.add(Duration.ofMillis(400), used(0.3, 0.1), start))
                .contains(new CompletionTotals.Batch(1, 1, 400, 300, 100));

        assertThat(totals.add(Duration.ofMillis(100), used(0.05, 0.2), start.plusSeconds(1)))
                .isEmpty();
        assertThat(totals.add(null, JobMetrics.NONE, start.plusSeconds(9))).isEmpty();
        assertThat(totals.add(Duration.ofMillis(300), used(0.25, 0), start.plus(CompletionTotals.FLUSH_EVERY)))
                .contains(new CompletionTotals.Batch(3, 2, 400, 300, 200));
        assertThat(totals.add(
                        Duration.ofMillis(50),
                        JobMetrics.NONE,
                        start.plus(CompletionTotals.FLUSH_EVERY).plusSeconds(1)))
                .isEmpty();
    }
}
