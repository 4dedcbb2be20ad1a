package io.comfyless.core.tenant;

import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.error.RateLimitedException;
import io.comfyless.core.job.CreateOutcome;
import io.comfyless.core.job.ForwardingJobStore;
import io.comfyless.core.job.Idempotency;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobFailure;
import io.comfyless.core.job.JobOutput;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.JobStore;
import io.comfyless.core.job.LeaseHolder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link JobStore} that keeps each tenant's count of unfinished jobs and enforces its tier's
 * {@link Tier#maxUnfinishedJobs() limit} at creation. The count goes up, guarded by the limit,
 * before a job is stored, and down exactly once when the job ends: the store's conditional writes
 * let only one terminal transition per job succeed, and only a successful one is counted. Every
 * process that changes jobs (API, runners, reaper) must use this decorator, or counts drift up:
 * {@link io.comfyless.core.config.Adapters#jobStore()} hands it out.
 */
public final class TenantCountingJobStore extends ForwardingJobStore {

    private static final Logger log = LoggerFactory.getLogger(TenantCountingJobStore.class);
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);
    private static final int RECOUNT_LIMIT = 10_000;

    private final UnfinishedJobs unfinished;
    private final TenantTiers tiers;

    public TenantCountingJobStore(JobStore delegate, UnfinishedJobs unfinished, TenantTiers tiers) {
        super(delegate);
        this.unfinished = unfinished;
        this.tiers = tiers;
    }

    /**
     * @throws RateLimitedException when the owner's tier allows no more unfinished jobs
     */
    @Override
    public CreateOutcome create(Job job, Optional<Idempotency> idempotency) {
        Optional<Tier> tier = tiers.of(job.owner());
        if (tier.isEmpty()) {
            unfinished.add(job.owner());
        } else if (!unfinished.tryAdd(job.owner(), tier.get().maxUnfinishedJobs())) {
            throw full(tier.get());
        }
        CreateOutcome outcome;
        try {
            outcome = delegate().create(job, idempotency);
        } catch (RuntimeException e) {
            unfinished.remove(job.owner());
            throw e;
        }
        if (!outcome.created()) {
            unfinished.remove(job.owner());
        }
        return outcome;
    }

    @Override
    public boolean complete(Job job, LeaseHolder holder, List<JobOutput> outputs, Instant now) {
        return ended(job, delegate().complete(job, holder, outputs, now));
    }

    @Override
    public boolean fail(Job job, LeaseHolder holder, JobFailure failure, Instant now) {
        return ended(job, delegate().fail(job, holder, failure, now));
    }

    @Override
    public boolean failPending(Job job, JobFailure failure, Instant now) {
        return ended(job, delegate().failPending(job, failure, now));
    }

    @Override
    public boolean markCancelled(Job job, LeaseHolder holder, Instant now) {
        return ended(job, delegate().markCancelled(job, holder, now));
    }

    /** Only a pending job ends here; a running one is merely asked to stop. */
    @Override
    public Job requestCancel(Job job, Instant now) {
        Job after = delegate().requestCancel(job, now);
        ended(after, after.status() == JobStatus.CANCELLED);
        return after;
    }

    @Override
    public Optional<Job> reclaimLapsed(Job job, Instant now) {
        Optional<Job> after = delegate().reclaimLapsed(job, now);
        ended(job, after.filter(reclaimed -> reclaimed.status().isTerminal()).isPresent());
        return after;
    }

    /**
     * Sets the tenant's count to the jobs actually pending or running, read from the jobs index.
     * For repair after a process died between ending a job and counting it (the count then stays
     * one too high). The index lags writes by up to a second, so run this when the tenant is quiet,
     * from an operator's command or a periodic sweep, never on the request path.
     *
     * @return the count now stored
     */
    public long recount(String tenantId) {
        for (int attempt = 0; attempt < 3; attempt++) {
            long counted = unfinished.count(tenantId);
            long actual = countListed(tenantId, JobStatus.PENDING) + countListed(tenantId, JobStatus.RUNNING);
            if (actual == counted || unfinished.correct(tenantId, counted, actual)) {
                if (actual != counted) {
                    log.warn(
                            "Tenant {} had {} unfinished jobs counted but {} stored; corrected",
                            tenantId,
                            counted,
                            actual);
                }
                return actual;
            }
        }
        throw new IllegalStateException(
                "Tenant " + tenantId + " kept changing while its jobs were recounted; try again");
    }

    private long countListed(String tenantId, JobStatus status) {
        return delegate()
                .list(tenantId, Optional.of(status), RECOUNT_LIMIT, 0)
                .items()
                .size();
    }

    private boolean ended(Job job, boolean changed) {
        if (changed) {
            unfinished.remove(job.owner());
        }
        return changed;
    }

    private RateLimitedException full(Tier tier) {
        Duration retryAfter =
                delegate().meanRunTime().filter(mean -> !mean.isZero()).orElse(DEFAULT_RETRY_AFTER);
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
                                + tier.maxQueueSize())));
    }

    // Everything below changes no job's finished-ness and passes straight through.

}
