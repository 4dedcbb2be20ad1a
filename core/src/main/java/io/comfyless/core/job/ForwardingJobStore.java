package io.comfyless.core.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A {@link JobStore} that hands every call to another one. Decorators (events, tenant counters)
 * extend it and override only the transitions they act on; when the port grows, check each
 * decorator for whether the new method concerns it.
 */
public abstract class ForwardingJobStore implements JobStore {

    private final JobStore delegate;

    protected ForwardingJobStore(JobStore delegate) {
        this.delegate = delegate;
    }

    protected final JobStore delegate() {
        return delegate;
    }

    @Override
    public CreateOutcome create(Job job, Optional<Idempotency> idempotency) {
        return delegate.create(job, idempotency);
    }

    @Override
    public Optional<Job> find(String id) {
        return delegate.find(id);
    }

    @Override
    public JobPage list(String owner, Optional<JobStatus> status, int limit, int offset) {
        return delegate.list(owner, status, limit, offset);
    }

    @Override
    public void markEnqueued(Job job) {
        delegate.markEnqueued(job);
    }

    @Override
    public Optional<Job> claim(
            String jobId, String owner, LeaseHolder holder, Instant leaseUntil, String promptId, Instant now) {
        return delegate.claim(jobId, owner, holder, leaseUntil, promptId, now);
    }

    @Override
    public LeaseState renewLease(Job job, LeaseHolder holder, Instant leaseUntil, Optional<Progress> progress) {
        return delegate.renewLease(job, holder, leaseUntil, progress);
    }

    @Override
    public boolean recordProgress(Job job, LeaseHolder holder, Progress progress) {
        return delegate.recordProgress(job, holder, progress);
    }

    @Override
    public boolean complete(Job job, LeaseHolder holder, List<JobOutput> outputs, JobMetrics metrics, Instant now) {
        return delegate.complete(job, holder, outputs, metrics, now);
    }

    @Override
    public boolean fail(Job job, LeaseHolder holder, JobFailure failure, Instant now) {
        return delegate.fail(job, holder, failure, now);
    }

    @Override
    public boolean failPending(Job job, JobFailure failure, Instant now) {
        return delegate.failPending(job, failure, now);
    }

    @Override
    public boolean release(Job job, LeaseHolder holder, JobFailure reason, Instant now) {
        return delegate.release(job, holder, reason, now);
    }

    @Override
    public boolean preempt(Job job, LeaseHolder holder, Instant now) {
        return delegate.preempt(job, holder, now);
    }

    @Override
    public Optional<Job> reclaimLapsed(Job job, Instant now) {
        return delegate.reclaimLapsed(job, now);
    }

    @Override
    public boolean markCancelled(Job job, LeaseHolder holder, Instant now) {
        return delegate.markCancelled(job, holder, now);
    }

    @Override
    public Job requestCancel(Job job, Instant now) {
        return delegate.requestCancel(job, now);
    }

    @Override
    public void appendLog(Job job, LogEntry entry) {
        delegate.appendLog(job, entry);
    }

    @Override
    public List<Job> expiredLeases(Instant now, int limit) {
        return delegate.expiredLeases(now, limit);
    }

    @Override
    public List<Job> unconfirmedEnqueues(Instant before, int limit) {
        return delegate.unconfirmedEnqueues(before, limit);
    }

    @Override
    public Optional<Duration> meanRunTime() {
        return delegate.meanRunTime();
    }

    @Override
    public JobTotals totals() {
        return delegate.totals();
    }

    @Override
    public Optional<Duration> meanRunTime(Job job) {
        return delegate.meanRunTime(job);
    }
}
