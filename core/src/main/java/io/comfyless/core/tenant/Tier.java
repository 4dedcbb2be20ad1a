package io.comfyless.core.tenant;

import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ValidationException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a tenant may use: the tiers and limits of the README's "Tenants, keys and limits". Every limit of
 * the product lives here and nowhere else.
 * <ul>
 *   <li>Requests: each one-minute window admits {@link #requestsPerMinute()} plus
 *       {@link #burstAllowance()} authenticated requests.</li>
 *   <li>Jobs: up to {@link #maxConcurrentExecutions()} may execute and up to {@link #maxQueueSize()}
 *       more wait behind them, so a submission is refused while the tenant already has
 *       {@link #maxUnfinishedJobs()} jobs pending or running. Runners take jobs fleet-wide in
 *       priority order, so the API enforces the total a tier may have in the system; which of them
 *       execute first is the queue's business.</li>
 *   <li>Running: a runner claims a job only while the tenant has fewer than
 *       {@link #maxConcurrentExecutions()} running; otherwise the job waits its turn in the queue.</li>
 *   <li>Month: at most {@link #monthlyQuota()} executions are created per calendar month (UTC).</li>
 *   <li>Runs: a job's {@code execution_config.timeout} may not exceed {@link #timeoutLimit()}.</li>
 * </ul>
 */
public enum Tier {
    BASIC(3, 10, Duration.ofSeconds(300), 10, 5, 100),
    PRO(10, 50, Duration.ofSeconds(1800), 60, 20, 1000),
    ENTERPRISE(100, 1000, Duration.ofSeconds(3600), 300, 100, 10_000);

    /** New tenants (self-registered users, keys created for an unknown tenant) start here. */
    public static final Tier DEFAULT = BASIC;
    /** Request counts are kept per tenant in windows of this length. */
    public static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    private final int maxConcurrentExecutions;
    private final int maxQueueSize;
    private final Duration timeoutLimit;
    private final int requestsPerMinute;
    private final int burstAllowance;
    private final int monthlyQuota;

    Tier(
            int maxConcurrentExecutions,
            int maxQueueSize,
            Duration timeoutLimit,
            int requestsPerMinute,
            int burstAllowance,
            int monthlyQuota) {
        this.maxConcurrentExecutions = maxConcurrentExecutions;
        this.maxQueueSize = maxQueueSize;
        this.timeoutLimit = timeoutLimit;
        this.requestsPerMinute = requestsPerMinute;
        this.burstAllowance = burstAllowance;
        this.monthlyQuota = monthlyQuota;
    }

    /** Executions a tenant may create per calendar month (UTC), whether they succeed or not. */
    public int monthlyQuota() {
        return monthlyQuota;
    }

    public int maxConcurrentExecutions() {
        return maxConcurrentExecutions;
    }

    public int maxQueueSize() {
        return maxQueueSize;
    }

    /** The most jobs the tenant may have pending or running at once. */
    public int maxUnfinishedJobs() {
        return maxConcurrentExecutions + maxQueueSize;
    }

    public Duration timeoutLimit() {
        return timeoutLimit;
    }

    public int requestsPerMinute() {
        return requestsPerMinute;
    }

    public int burstAllowance() {
        return burstAllowance;
    }

    /** Requests one {@link #RATE_WINDOW} admits: the steady rate plus the burst allowance. */
    public int requestsPerWindow() {
        return requestsPerMinute + burstAllowance;
    }

    /** The lower-case name used on the wire, in storage and on the command line. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Tier> fromWire(String value) {
        return Arrays.stream(values()).filter(tier -> tier.wire().equals(value)).findFirst();
    }

    /** Parses a tier named by a client or an operator; anything else is a 400 naming {@code field}. */
    public static Tier parse(String value, String field) {
        return fromWire(value == null ? null : value.trim().toLowerCase(Locale.ROOT))
                .orElseThrow(() -> ValidationException.of(
                        ErrorCodes.INVALID_VALUE, field, field + " must be one of basic, pro, enterprise"));
    }
}
