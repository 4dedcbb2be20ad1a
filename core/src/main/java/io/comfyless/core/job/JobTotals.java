package io.comfyless.core.job;

import java.time.Duration;

/**
 * Executions that ended, over the life of the jobs table: how many by final status, how long the
 * completed ones ran and how much GPU time they used. Kept in one counter item, changed by one
 * atomic {@code ADD} per ended job. {@code queueMillis} sums the waits of completed executions.
 */
public record JobTotals(long completed, long failed, long cancelled, long runMillis, long gpuMillis, long queueMillis) {

    public static final JobTotals NONE = new JobTotals(0, 0, 0, 0, 0, 0);

    public long ended() {
        return completed + failed + cancelled;
    }

    public Duration meanRunTime() {
        return completed == 0 ? Duration.ZERO : Duration.ofMillis(runMillis / completed);
    }

    /** How long completed executions waited for a runner, on average. */
    public Duration meanQueueTime() {
        return completed == 0 ? Duration.ZERO : Duration.ofMillis(queueMillis / completed);
    }

    public double gpuSeconds() {
        return gpuMillis / 1000.0;
    }
}
