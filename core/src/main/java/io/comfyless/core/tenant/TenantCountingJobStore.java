package io.comfyless.core.tenant;

import io.comfyless.core.error.RateLimitedException;
import io.comfyless.core.job.CreateOutcome;
import io.comfyless.core.job.ForwardingJobStore;
import io.comfyless.core.job.Idempotency;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobFailure;
import io.comfyless.core.job.JobMetrics;
import io.comfyless.core.job.JobOutput;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.JobStore;
import io.comfyless.core.job.LeaseHolder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link JobStore} that holds each tenant to its tier ({@link TenantLimits}): a job is counted in
 * (unfinished jobs, this month's executions) before it is stored and refused when a limit is
 * reached; it is counted as running when a runner claims it, and a claim is refused while the
 * tenant runs as many jobs as its tier allows; it leaves each count exactly once, because the
 * store's conditional writes let only one transition per job succeed and only a successful one
 * is counted. Every process that changes jobs (API, runners, reaper) must use this decorator, or
 * counts drift: {@link io.comfyless.core.config.Adapters#jobStore()} hands it out.
 */
public final class TenantCountingJobStore extends ForwardingJobStore {

    private static final Logger log = LoggerFactory.getLogger(TenantCountingJobStore.class);
    private static final int RECOUNT_LIMIT = 10_000;

    private final TenantLimits limits;
    private final UnfinishedJobs unfinished;

    public TenantCountingJobStore(JobStore delegate, TenantLimits limits) {
        super(delegate);
        this.limits = limits;
        this.unfinished = limits.unfinished();
    }

    /**
     * @throws RateLimitedException when the owner's tier allows no more unfinished jobs, or no more
     *     executions this month
     */
    @Override
    public CreateOutcome create(Job job, Optional<Idempotency> idempotency) {
        TenantLimits.Admission admission =
                limits.admit(job.owner(), () -> delegate().meanRunTime());
        CreateOutcome outcome;
        try {
            outcome = delegate().create(job, idempotency);
        } catch (RuntimeException e) {
            limits.withdraw(admission);
            throw e;
        }
        if (!outcome.created()) {
            limits.withdraw(admission);
        }
        return outcome;
    }

    /**
     * @throws TenantBusyException when the owner already runs as many jobs as its tier allows
     */
    @Override
    public Optional<Job> claim(Job job, LeaseHolder holder, Instant leaseUntil, String promptId, Instant now) {
        if (!limits.tryStart(job.owner())) {
            throw new TenantBusyException(job.owner());
        }
        Optional<Job> claimed;
        try {
            claimed = delegate().claim(job, holder, leaseUntil, promptId, now);
        } catch (RuntimeException e) {
            limits.stopped(job.owner());
            throw e;
        }
        if (claimed.isEmpty()) {
            limits.stopped(job.owner());
        }
        return claimed;
    }

    @Override
    public boolean complete(Job job, LeaseHolder holder, List<JobOutput> outputs, JobMetrics metrics, Instant now) {
        return ended(job, stopped(job, delegate().complete(job, holder, outputs, metrics, now)));
    }

    @Override
    public boolean fail(Job job, LeaseHolder holder, JobFailure failure, Instant now) {
        return ended(job, stopped(job, delegate().fail(job, holder, failure, now)));
    }

    @Override
    public boolean failPending(Job job, JobFailure failure, Instant now) {
        return ended(job, delegate().failPending(job, failure, now));
    }

    @Override
    public boolean markCancelled(Job job, LeaseHolder holder, Instant now) {
        return ended(job, stopped(job, delegate().markCancelled(job, holder, now)));
    }

    @Override
    public boolean release(Job job, LeaseHolder holder, JobFailure reason, Instant now) {
        return stopped(job, delegate().release(job, holder, reason, now));
    }

    @Override
    public boolean preempt(Job job, LeaseHolder holder, Instant now) {
        return stopped(job, delegate().preempt(job, holder, now));
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
        stopped(job, after.isPresent());
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
            limits.ended(job.owner());
        }
        return changed;
    }

    private boolean stopped(Job job, boolean changed) {
        if (changed) {
            limits.stopped(job.owner());
        }
        return changed;
    }

    // Everything below changes no job's finished-ness and passes straight through.

}
