package io.comfyless.core.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable job state. Every state change is a conditional write on the state it expects (and, for
 * runner writes, on the {@link LeaseHolder}); a write whose condition no longer holds returns
 * {@code false} or empty and changes nothing. Methods that take a {@link Job} use it only for
 * identity, the owner and the size of its workflow; conditions are checked against what is stored.
 */
public interface JobStore {

    /** Stores a new pending job, at most once per owner and idempotency key. */
    CreateOutcome create(Job job, Optional<Idempotency> idempotency);

    Optional<Job> find(String id);

    JobPage list(String owner, Optional<JobStatus> status, int limit, int offset);

    /** Records that the job's queue message was sent, so the reaper stops watching for a lost send. */
    void markEnqueued(Job job);

    /**
     * pending (this attempt, not cancelled) to running, held by {@code holder} until {@code leaseUntil}, with
     * a "claimed" entry in the job's log. Needs only the job's id and owner, so a runner holding a queue
     * message can claim without reading the job first.
     *
     * @return the job as it is now, running; empty when it was not pending under this attempt
     */
    Optional<Job> claim(
            String jobId, String owner, LeaseHolder holder, Instant leaseUntil, String promptId, Instant now);

    default Optional<Job> claim(Job job, LeaseHolder holder, Instant leaseUntil, String promptId, Instant now) {
        return claim(job.id(), job.owner(), holder, leaseUntil, promptId, now);
    }

    /**
     * Extends the holder's lease and, in the same write, records {@code progress} when there is new
     * progress to record: one write per heartbeat.
     */
    LeaseState renewLease(Job job, LeaseHolder holder, Instant leaseUntil, Optional<Progress> progress);

    default LeaseState renewLease(Job job, LeaseHolder holder, Instant leaseUntil) {
        return renewLease(job, holder, leaseUntil, Optional.empty());
    }

    boolean recordProgress(Job job, LeaseHolder holder, Progress progress);

    /**
     * running to completed, with the outputs, what the run used, progress at 100 % and a "completed"
     * entry in the job's log.
     */
    boolean complete(Job job, LeaseHolder holder, List<JobOutput> outputs, JobMetrics metrics, Instant now);

    boolean fail(Job job, LeaseHolder holder, JobFailure failure, Instant now);

    /** pending to failed, for jobs that cannot run at all (attempts exhausted before a claim). */
    boolean failPending(Job job, JobFailure failure, Instant now);

    /**
     * running to pending with {@code attempt + 1}, after a retryable failure: the job will run again
     * once a new message for the next attempt is sent.
     */
    boolean release(Job job, LeaseHolder holder, JobFailure reason, Instant now);

    /**
     * running to pending with the same attempt: the runner was stopped (spot interruption, deploy)
     * and hands the job back through its still-existing queue message. Being preempted is not a
     * failure, so it does not use up an attempt.
     */
    boolean preempt(Job job, LeaseHolder holder, Instant now);

    /**
     * Takes a running job back from a runner whose lease ended before {@code now}: pending with
     * {@code attempt + 1} while attempts remain, otherwise failed with {@code WORKER_LOST}.
     *
     * @return the job after the change; empty if it was not running under that lapsed lease
     */
    Optional<Job> reclaimLapsed(Job job, Instant now);

    /** running to cancelled, after the runner stopped ComfyUI. */
    boolean markCancelled(Job job, LeaseHolder holder, Instant now);

    /**
     * Cancels a pending job at once, or asks the runner of a running job to stop.
     *
     * @return the job as it stands after the request
     * @throws io.comfyless.core.error.ConflictException if the job already finished
     */
    Job requestCancel(Job job, Instant now);

    void appendLog(Job job, LogEntry entry);

    /** Running jobs whose lease ended before {@code now}: their runner is gone. */
    List<Job> expiredLeases(Instant now, int limit);

    /** Pending jobs created before {@code before} whose queue message was never confirmed sent. */
    List<Job> unconfirmedEnqueues(Instant before, int limit);

    /** Mean execution time of completed jobs, for estimates; empty until one completes. */
    Optional<Duration> meanRunTime();

    /** Ended executions by status, with run and GPU time, across every tenant. */
    JobTotals totals();
    /**
     * Mean execution time of the completed jobs of {@code job}'s tenant that ran the same saved
     * workflow ({@code workflow_id}); empty for a job without one, or before one completed.
     */
    Optional<Duration> meanRunTime(Job job);
}
