package io.comfyless.core.error;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Over a rate or concurrency limit; the client may try again after {@link #retryAfter()}.
 *
 * @see #limits() the figures of the limit that was hit, for the answer's retry details
 */
public final class RateLimitedException extends ApiException {

    private final Duration retryAfter;
    private final transient Map<String, Object> limits;

    public RateLimitedException(String message, Duration retryAfter, List<ErrorDetail> details) {
        this(message, retryAfter, details, Map.of());
    }

    public RateLimitedException(
            String message, Duration retryAfter, List<ErrorDetail> details, Map<String, Object> limits) {
        super(message, details);
        this.retryAfter = retryAfter;
        this.limits = new LinkedHashMap<>(limits);
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whole seconds to wait, at least one: what {@code Retry-After} says. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    /** Named figures such as {@code max_concurrent}, in the order they were given. */
    public Map<String, Object> limits() {
        return limits;
    }
}
