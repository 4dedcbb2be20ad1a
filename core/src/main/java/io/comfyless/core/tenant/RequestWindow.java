package io.comfyless.core.tenant;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a tenant stands in its current request window after one more request: whether that
 * request was admitted, the window's allowance, what is left of it and when it ends. These are
 * the {@code X-RateLimit-*} headers.
 */
public record RequestWindow(boolean admitted, int limit, int remaining, Instant resetAt) {

    /** How long a refused client should wait: until the window ends, at least one second. */
    public Duration retryAfter(Instant now) {
        Duration wait = Duration.between(now, resetAt);
        long seconds = (wait.toMillis() + 999) / 1000;
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
