package io.comfyless.core.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Completed jobs' counts and times (run, GPU, queue), gathered in memory and handed out for writing
 * at most once per {@link #FLUSH_EVERY}: a runner finishing many short jobs writes the statistics
 * item a few times a minute instead of once per job. The first completion is handed out at once, so
 * estimates and {@code /metrics} start early. A process that dies loses what it gathered since its
 * last write, which only makes the figures a little older.
 */
final class CompletionTotals {

    static final Duration FLUSH_EVERY = Duration.ofSeconds(10);

    /**
     * What to add to the statistics: completions, how many of them were timed and their run time,
     * GPU and queue milliseconds.
     */
    record Batch(long completed, long timed, long runMillis, long gpuMillis, long queueMillis) {}

    private long completed;
    private long timed;
    private long runMillis;
    private long gpuMillis;
    private long queueMillis;
    private Instant lastFlush;

    /**
     * Adds one completion ({@code runTime} null when the job never started); returns what to write
     * now, if it is time to write.
     */
    synchronized Optional<Batch> add(Duration runTime, JobMetrics metrics, Instant now) {
        completed++;
        if (runTime != null) {
            timed++;
            runMillis += runTime.toMillis();
        }
        if (metrics.gpuSeconds() != null) {
            gpuMillis += Math.round(metrics.gpuSeconds() * 1000);
        }
        if (metrics.queueSeconds() != null) {
            queueMillis += Math.round(metrics.queueSeconds() * 1000);
        }
        if (lastFlush != null && lastFlush.plus(FLUSH_EVERY).isAfter(now)) {
            return Optional.empty();
        }
        Batch batch = new Batch(completed, timed, runMillis, gpuMillis, queueMillis);
        completed = 0;
        timed = 0;
        runMillis = 0;
        gpuMillis = 0;
        queueMillis = 0;
        lastFlush = now;
        return Optional.of(batch);
    }
}
