package io.comfyless.core.events;

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
import io.comfyless.core.job.LeaseState;
import io.comfyless.core.job.Progress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A {@link JobStore} that tells {@link JobEvents} about every transition it made: after the
 * conditional write succeeded, never for one that was refused, so each transition is reported
 * once per writer call. Reporting is best effort: listeners run after the write, their failures
 * are swallowed by {@link FanOutJobEvents}, and a process that dies in between loses the report
 * (the job itself is safe in the store). Consumers of job events must therefore treat them as
 * notifications, and read the job when they need the truth.
 *
 * <p>The state after a transition is derived from the call (status, attempt, outputs, error,
 * time) rather than read back, which would cost a read per transition.
 */
public final class EventPublishingJobStore extends ForwardingJobStore {

    private final JobEvents events;

    public EventPublishingJobStore(JobStore delegate, JobEvents events) {
        super(delegate);
        this.events = events;
    }

    @Override
    public CreateOutcome create(Job job, Optional<Idempotency> idempotency) {
        CreateOutcome outcome = delegate().create(job, idempotency);
        if (outcome.created()) {
            events.changed(new JobChange(outcome.job(), null, outcome.job().createdAt()));
        }
        return outcome;
    }

    @Override
    public Optional<Job> claim(
            String jobId, String owner, LeaseHolder holder, Instant leaseUntil, String promptId, Instant now) {
        Optional<Job> claimed = delegate().claim(jobId, owner, holder, leaseUntil, promptId, now);
        claimed.ifPresent(after -> events.changed(new JobChange(after, JobStatus.PENDING, now)));
        return claimed;
    }

    @Override
    public LeaseState renewLease(Job job, LeaseHolder holder, Instant leaseUntil, Optional<Progress> progress) {
        LeaseState lease = delegate().renewLease(job, holder, leaseUntil, progress);
        if (lease.held()) {
            progress.ifPresent(recorded -> events.progressed(job, recorded));
        }
        return lease;
    }

    @Override
    public boolean recordProgress(Job job, LeaseHolder holder, Progress progress) {
        boolean recorded = delegate().recordProgress(job, holder, progress);
        if (recorded) {
            events.progressed(job, progress);
        }
        return recorded;
    }

    @Override
    public boolean complete(Job job, LeaseHolder holder, List<JobOutput> outputs, JobMetrics metrics, Instant now) {
        return ended(
                delegate().complete(job, holder, outputs, metrics, now),
                job,
                holder,
                JobStatus.COMPLETED,
                now,
                b -> b.outputs(outputs).metrics(metrics));
    }

    @Override
    public boolean fail(Job job, LeaseHolder holder, JobFailure failure, Instant now) {
        return ended(
                delegate().fail(job, holder, failure, now), job, holder, JobStatus.FAILED, now, b -> b.error(failure));
    }

    @Override
    public boolean failPending(Job job, JobFailure failure, Instant now) {
        return finished(
                delegate().failPending(job, failure, now),
                job,
                JobStatus.PENDING,
                JobStatus.FAILED,
                now,
                b -> b.error(failure));
    }

    @Override
    public boolean release(Job job, LeaseHolder holder, JobFailure reason, Instant now) {
        return requeued(
                delegate().release(job, holder, reason, now), job, holder.attempt() + 1, now, b -> b.error(reason));
    }

    @Override
    public boolean preempt(Job job, LeaseHolder holder, Instant now) {
        return requeued(delegate().preempt(job, holder, now), job, holder.attempt(), now, b -> b);
    }

    @Override
    public Optional<Job> reclaimLapsed(Job job, Instant now) {
        Optional<Job> after = delegate().reclaimLapsed(job, now);
        after.ifPresent(reclaimed -> events.changed(new JobChange(reclaimed, JobStatus.RUNNING, now)));
        return after;
    }

    @Override
    public boolean markCancelled(Job job, LeaseHolder holder, Instant now) {
        return ended(delegate().markCancelled(job, holder, now), job, holder, JobStatus.CANCELLED, now, b -> b);
    }

    /** Only a pending job changes state here; a running one is merely asked to stop, and reports later. */
    @Override
    public Job requestCancel(Job job, Instant now) {
        Job after = delegate().requestCancel(job, now);
        if (after.status() == JobStatus.CANCELLED) {
            events.changed(new JobChange(after, JobStatus.PENDING, now));
        }
        return after;
    }

    /** A job that ended: its final status, stamped with the time it ended. */
    private boolean finished(
            boolean changed, Job job, JobStatus from, JobStatus to, Instant now, UnaryOperator<Job.Builder> change) {
        return report(changed, job, from, now, b -> change.apply(b.status(to).completedAt(now)));
    }

    /** A running job that ended in its runner's attempt. */
    private boolean ended(
            boolean changed,
            Job job,
            LeaseHolder holder,
            JobStatus to,
            Instant now,
            UnaryOperator<Job.Builder> change) {
        return finished(changed, job, JobStatus.RUNNING, to, now, b -> change.apply(b.attempt(holder.attempt())));
    }

    /** A running job back in the queue for {@code attempt}: no runner holds it any more. */
    private boolean requeued(boolean changed, Job job, int attempt, Instant now, UnaryOperator<Job.Builder> change) {
        return report(
                changed,
                job,
                JobStatus.RUNNING,
                now,
                b -> change.apply(b.status(JobStatus.PENDING)
                        .attempt(attempt)
                        .workerId(null)
                        .leaseUntil(null)));
    }

    private boolean report(boolean changed, Job job, JobStatus from, Instant now, UnaryOperator<Job.Builder> change) {
        if (changed) {
            events.changed(
                    new JobChange(change.apply(job.toBuilder().updatedAt(now)).build(), from, now));
        }
        return changed;
    }

    // Reads and writes that change no status pass straight through. Progress among them: the runner
    // stores it throttled and reports it to JobEvents itself, more often than it stores it.

}
