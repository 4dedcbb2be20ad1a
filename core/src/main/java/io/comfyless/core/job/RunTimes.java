package io.comfyless.core.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Run times of completed jobs, gathered in memory and handed out for writing at most once per
 * {@link #FLUSH_EVERY}: a runner finishing many short jobs writes the statistics item a few times a
 * minute instead of once per job. The first run time is handed out at once, so estimates start early.
 * A process that dies loses what it gathered since its last write, which only makes the estimate a
 * little older.
 */
final class RunTimes {

    static final Duration FLUSH_EVERY = Duration.ofSeconds(10);

    /** Run times to add to the statistics: how many, and their sum. */
    record Batch(long count, long totalMillis) {}

    private long count;
    private long totalMillis;
    private Instant lastFlush;

    /** Adds one run time; returns what to write now, if it is time to write. */
    synchronized Optional<Batch> add(Duration runTime, Instant now) {
        count++;
        totalMillis += runTime.toMillis();
        if (lastFlush != null && lastFlush.plus(FLUSH_EVERY).isAfter(now)) {
            return Optional.empty();
        }
        Batch batch = new Batch(count, totalMillis);
        count = 0;
        totalMillis = 0;
        lastFlush = now;
        return Optional.of(batch);
    }
}
