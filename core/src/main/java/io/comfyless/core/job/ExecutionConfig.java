package io.comfyless.core.job;

import java.time.Duration;

/**
 * How a job runs: how long it may take on the GPU and how many times a retryable failure (lost
 * worker, ComfyUI down, spot interruption) may send it back to the queue.
 */
public record ExecutionConfig(Duration timeout, int retryAttempts) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    public static final int DEFAULT_RETRY_ATTEMPTS = 2;
    public static final int MAX_RETRY_ATTEMPTS = 5;

    public static ExecutionConfig defaults() {
        return new ExecutionConfig(DEFAULT_TIMEOUT, DEFAULT_RETRY_ATTEMPTS);
    }

    /** The first run plus its retries. */
    public int maxAttempts() {
        return 1 + retryAttempts;
    }
}
