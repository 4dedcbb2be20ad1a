package io.comfyless.core.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable job state. Every state change is a conditional write on the state it expects (and, for
 * runner writes, on the {@link LeaseHolder}); a write whose condition no longer holds returns
 * {@code false} or empty and changes nothing. Methods that take a {@link Job} use it only for
 * identity and the owner; conditions are checked against what is stored.
 */
public interface JobStore {

    /** Stores a new pending job, at most once per owner and idempotency key. */
    CreateOutcome create(Job job, Optional<Idempotency> idempotency);

    Optional<Job> find(String id);

    JobPage list(String owner, Optional<JobStatus> status, int limit, int offset);

    /** Records that the job's queue message was sent, so the reaper stops watching for a lost send. */
    void markEnqueued(Job job);

    /** pending (this attempt, not cancelled) to running, held by {@code holder} until {@code leaseUntil}. */
    Optional<Job> claim(Job job, LeaseHolder holder, Instant leaseUntil, String promptId, Instant now);

    LeaseState renewLease(Job job, LeaseHolder holder, Instant leaseUntil);

    boolean recordProgress(Job job, LeaseHolder holder, Progress progress);

    boolean complete(Job job, LeaseHolder holder, List<JobOutput> outputs, Instant now);

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

    /**
     * Mean execution time of the completed jobs of {@code job}'s tenant that ran the same saved
     * workflow ({@code workflow_id}); empty for a job without one, or before one completed.
     */
    Optional<Duration> meanRunTime(Job job);
}
