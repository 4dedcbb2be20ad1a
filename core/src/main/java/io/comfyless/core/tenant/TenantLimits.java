package io.comfyless.core.tenant;

import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.error.RateLimitedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A tenant's tier limits on jobs, each held by one atomic counter in the tenants table so that
 * they hold across every process: jobs unfinished (pending or running, checked when a job is
 * created), executions this calendar month (UTC, checked when a job is created) and jobs running
 * (checked when a runner claims one). Tenants without a tier (the one tenant of a stack without
 * authentication) are not limited and not counted, except for unfinished jobs.
 */
public final class TenantLimits {

    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);
    /** A month's counter outlives its month by this much, then expires. */
    private static final Duration KEEP_MONTH = Duration.ofDays(40);

    private final UnfinishedJobs unfinished;
    private final DynamoCounters counters;
    private final TenantTiers tiers;
    private final Clock clock;

    public TenantLimits(UnfinishedJobs unfinished, DynamoCounters counters, TenantTiers tiers, Clock clock) {
        this.unfinished = unfinished;
        this.counters = counters;
        this.tiers = tiers;
        this.clock = clock;
    }

    public static TenantLimits dynamo(DynamoDbClient dynamo, String tenantsTable, Clock clock) {
        return new TenantLimits(
                new DynamoUnfinishedJobs(dynamo, tenantsTable),
                new DynamoCounters(dynamo, tenantsTable),
                new TenantTiers(new DynamoTenantStore(dynamo, tenantsTable), clock),
                clock);
    }

    /** One job counted in, to be {@link #withdraw withdrawn} if it is not created after all. */
    public record Admission(String tenant, Optional<YearMonth> month) {}

    /**
     * Counts one new job against the tenant's unfinished jobs and this month's executions.
     *
     * @param meanRunTime how long a job usually takes, for the Retry-After of a full tenant; read
     *     only when the tenant is full, so an admitted submission costs no read for it
     * @throws RateLimitedException when either limit is reached; nothing stays counted then
     */
    public Admission admit(String tenant, Supplier<Optional<Duration>> meanRunTime) {
        Optional<Tier> tier = tiers.of(tenant);
        if (tier.isEmpty()) {
            unfinished.add(tenant);
            return new Admission(tenant, Optional.empty());
        }
        if (!unfinished.tryAdd(tenant, tier.get().maxUnfinishedJobs())) {
            throw full(tier.get(), meanRunTime.get());
        }
        YearMonth month = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
        long expires = month.plusMonths(1)
                .atDay(1)
                .atStartOfDay()
                .toInstant(ZoneOffset.UTC)
                .plus(KEEP_MONTH)
                .getEpochSecond();
        if (!counters.tryAdd(
                TenantItems.key(tenant, TenantItems.monthSk(month)),
                TenantItems.EXECUTIONS,
                tier.get().monthlyQuota(),
                Optional.of(expires))) {
            unfinished.remove(tenant);
            throw quotaUsed(tier.get(), month);
        }
        return new Admission(tenant, Optional.of(month));
    }

    /** Takes back an admission whose job was not created (a duplicate, a failed write). */
    public void withdraw(Admission admission) {
        unfinished.remove(admission.tenant());
        admission
                .month()
                .ifPresent(month -> counters.remove(
                        TenantItems.key(admission.tenant(), TenantItems.monthSk(month)), TenantItems.EXECUTIONS));
    }

    /** A job of the tenant ended: one unfinished job fewer (its month's execution stays counted). */
    public void ended(String tenant) {
        unfinished.remove(tenant);
    }

    /** Whether the tenant may start one more job now; if so it is counted as running. */
    public boolean tryStart(String tenant) {
        Optional<Tier> tier = tiers.of(tenant);
        return tier.isEmpty()
                || counters.tryAdd(
                        TenantItems.key(tenant, TenantItems.JOBS_SK),
                        TenantItems.RUNNING,
                        tier.get().maxConcurrentExecutions(),
                        Optional.empty());
    }

    /** A job of the tenant stopped running (finished, failed, handed back). */
    public void stopped(String tenant) {
        if (tiers.of(tenant).isPresent()) {
            counters.remove(TenantItems.key(tenant, TenantItems.JOBS_SK), TenantItems.RUNNING);
        }
    }

    public UnfinishedJobs unfinished() {
        return unfinished;
    }

    private static RateLimitedException full(Tier tier, Optional<Duration> meanRunTime) {
        Duration retryAfter = meanRunTime.filter(mean -> !mean.isZero()).orElse(DEFAULT_RETRY_AFTER);
        String message = "Rate limit exceeded. The " + tier.wire() + " tier allows " + tier.maxUnfinishedJobs()
                + " unfinished executions (" + tier.maxConcurrentExecutions() + " running and " + tier.maxQueueSize()
                + " queued); retry when one finishes";
        return new RateLimitedException(
                message,
                retryAfter,
                List.of(ErrorDetail.field(
                        ErrorCodes.CONCURRENCY_LIMIT_EXCEEDED,
                        "execution",
                        "max_concurrent_executions=" + tier.maxConcurrentExecutions() + ", max_queue_size="
                                + tier.maxQueueSize())),
                // The count could not grow, so the tenant holds as many unfinished executions as its tier allows.
                Map.of(
                        "current_executions", (long) tier.maxUnfinishedJobs(),
                        "max_concurrent", (long) tier.maxConcurrentExecutions(),
                        "max_queue_size", (long) tier.maxQueueSize()));
    }

    private RateLimitedException quotaUsed(Tier tier, YearMonth month) {
        Instant nextMonth = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return new RateLimitedException(
                "Monthly quota used: the " + tier.wire() + " tier allows " + tier.monthlyQuota()
                        + " executions per month; more can run from " + nextMonth,
                Duration.between(clock.instant(), nextMonth),
                List.of(ErrorDetail.field(
                        "MONTHLY_QUOTA_EXCEEDED", "execution", "monthly_quota=" + tier.monthlyQuota())),
                Map.of("monthly_quota", (long) tier.monthlyQuota()));
    }
}
