package io.comfyless.core.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff, written once: retry {@code n} (1-based) waits {@code first * 2^(n-1)}, never
 * more than {@code max}; with jitter, a random time up to that (spreads out writers that collided).
 * AWS calls rely on the SDK's own retries; this is for our own loops around expected conflicts,
 * reconnects and redeliveries.
 */
public record Backoff(Duration first, Duration max, boolean jitter) {

    public Backoff {
        if (first.isNegative() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("Backoff needs 0 <= first <= max, got " + first + " and " + max);
        }
    }

    public static Backoff exponential(Duration first, Duration max) {
        return new Backoff(first, max, false);
    }

    /** The same delays, each replaced by a random one between {@code first / 2} and the delay. */
    public Backoff withJitter() {
        return new Backoff(first, max, true);
    }

    /** How long to wait before retry {@code retry} (1 for the first retry). */
    public Duration delay(int retry) {
        int doublings = Math.min(Math.max(retry - 1, 0), 62);
        long firstNanos = first.toNanos();
        long maxNanos = max.toNanos();
        long nanos = firstNanos > (maxNanos >> doublings) ? maxNanos : firstNanos << doublings;
        if (!jitter) {
            return Duration.ofNanos(nanos);
        }
        long floor = firstNanos / 2;
        return Duration.ofNanos(ThreadLocalRandom.current().nextLong(floor, Math.max(floor, nanos) + 1));
    }

    /**
     * Waits before retry {@code retry}.
     *
     * @throws IllegalStateException if the thread is interrupted while waiting (its flag set again)
     */
    public void pause(int retry) {
        try {
            Thread.sleep(delay(retry).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while backing off", e);
        }
    }
}
