package io.comfyless.core.error;

import java.time.Duration;
import java.util.List;

/** Over a rate or concurrency limit; the client may try again after {@link #retryAfter()}. */
public final class RateLimitedException extends ApiException {

    private final Duration retryAfter;

    public RateLimitedException(String message, Duration retryAfter, List<ErrorDetail> details) {
        super(message, details);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
