package io.comfyless.core.job;

import io.comfyless.core.error.ConflictException;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.queue.JobQueue;
import io.comfyless.core.queue.QueueDepth;
import io.comfyless.core.queue.QueueMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job use cases behind the API: submit, read, list, cancel, retry. Every read is scoped to the
 * caller's tenant: another tenant's job is "not found".
 */
public final class JobService {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    /** Estimates before any job has completed. */
    static final Duration DEFAULT_RUN_TIME = Duration.ofSeconds(30);
    /** Queue depth is read at most this often; estimates do not need to be fresher. */
    private static final Duration STATUS_CACHE = Duration.ofSeconds(2);

    private final JobStore store;
    private final JobQueue queue;
    private final Clock clock;
    private final IdGenerator ids;
    private final JobWait waits;
    private volatile CachedStatus cachedStatus;

    public JobService(JobStore store, JobQueue queue, Clock clock, IdGenerator ids) {
        this.store = store;
        this.queue = queue;
        this.clock = clock;
        this.ids = ids;
        this.waits = new JobWait(store, clock);
    }

    public Submission submit(String owner, JobRequest request, Optional<String> idempotencyKey) {
        return submit(owner, request, idempotencyKey, null, null);
    }

    public Submission submit(
            String owner, JobRequest request, Optional<String> idempotencyKey, String batchId, String retriedFrom) {
        Instant now = clock.instant();
        Job job = request.toJob(ids.executionId(), owner, now)
                .idempotencyKey(idempotencyKey.orElse(null))
                .batchId(batchId)
                .retriedFrom(retriedFrom)
                .logs(List.of(LogEntry.info(
                        now,
                        "submitted",
                        "Queued on the " + request.priority().lane().name().toLowerCase() + " priority lane")))
                .build();
        CreateOutcome outcome =
                store.create(job, idempotencyKey.map(key -> new Idempotency(key, request.requestHash())));
        if (outcome.created()) {
            send(outcome.job());
        }
        return new Submission(outcome.job(), outcome.created(), queuePosition(outcome.job()), estimatedRunTime());
    }

    /**
     * Sends a new job's message, and nothing else: confirming the send would cost a write per
     * submission. The job stays watched until a runner claims it, so if this send is lost the reaper
     * sends it after {@code ENQUEUE_GRACE}; a job still waiting in the queue then gets a second
     * message, which the claim's condition turns into a no-op for whichever runner receives it second.
     */
    private void send(Job job) {
        try {
            queue.send(job.lane(), QueueMessage.of(job));
            store.markEnqueued(job);
        } catch (RuntimeException e) {
            log.warn("Could not enqueue {} now; the reaper will retry: {}", job.id(), e.toString());
        }
    }

    /** The time on the service's clock, for views that say how long is left. */
    public Instant now() {
        return clock.instant();
    }

    public Job get(String owner, String id) {
        return store.find(id).filter(job -> job.owner().equals(owner)).orElseThrow(() -> NotFoundException.job(id));
    }

    /** The longest a read may be held ({@code ?wait=N}): below API Gateway's 30-second limit. */
    public static Duration longestWait() {
        return JobWait.LONGEST;
    }

    /**
     * The job once it changed (status or progress) from how it stood when asked, or as it stands after
     * {@code wait}; a finished job at once.
     */
    public Job getWhenChanged(String owner, String id, Duration wait) {
        Job now = get(owner, id);
        return waits.until(now, wait, later -> later.status().isTerminal() || JobWait.changed(now, later));
    }

    /** The job once it finished, or as it stands after {@code wait}. */
    public Job getWhenFinished(Job job, Duration wait) {
        return waits.until(job, wait, later -> later.status().isTerminal());
    }

    public JobPage list(String owner, Optional<JobStatus> status, int limit, int offset) {
        return store.list(owner, status, limit, offset);
    }

    public Job cancel(String owner, String id) {
        Job job = get(owner, id);
        Job after = store.requestCancel(job, clock.instant());
        store.appendLog(
                after,
                LogEntry.info(
                        clock.instant(),
                        "cancel_requested",
                        after.status() == JobStatus.CANCELLED
                                ? "Cancelled before it started"
                                : "Cancellation requested; stopping the run"));
        return after;
    }

    /** A new execution of a failed or cancelled job's workflow, linked to the original. */
    public Submission retry(String owner, String id) {
        Job original = get(owner, id);
        if (original.status() != JobStatus.FAILED && original.status() != JobStatus.CANCELLED) {
            throw new ConflictException("Only failed or cancelled executions can be retried; '" + id + "' is "
                    + original.status().wire());
        }
        JobRequest again = JobRequest.builder(original.workflow())
                .seed(original.seed())
                .workflowId(original.workflowId())
                .priority(original.priority())
                .execution(original.execution())
                .notification(original.notification())
                .outputConfig(original.outputConfig())
                .metadata(original.metadata())
                .clientId(original.clientId())
                .build();
        return submit(owner, again, Optional.empty(), original.batchId(), original.id());
    }

    /** Approximate: messages waiting on this job's lane and every higher one. 0 once it left the queue. */
    public long queuePosition(Job job) {
        if (job.status() != JobStatus.PENDING) {
            return 0;
        }
        long ahead = 0;
        for (Map.Entry<Lane, QueueDepth> lane : status().lanes().entrySet()) {
            if (lane.getKey().ordinal() <= job.lane().ordinal()) {
                ahead += lane.getValue().waiting();
            }
        }
        return Math.max(ahead, 1);
    }

    /** Ended executions across every tenant, for the operators' metrics. */
    public JobTotals totals() {
        return store.totals();
    }

    /** How long {@code job}'s saved workflow usually runs for its tenant; empty without one or its history. */
    public Optional<Duration> typicalRunTime(Job job) {
        return store.meanRunTime(job);
    }

    public Duration estimatedRunTime() {
        return status().meanRunTime();
    }

    public QueueStatus status() {
        CachedStatus cached = cachedStatus;
        Instant now = clock.instant();
        if (cached == null || cached.at().plus(STATUS_CACHE).isBefore(now)) {
            cached = new CachedStatus(
                    new QueueStatus(queue.depth(), store.meanRunTime().orElse(DEFAULT_RUN_TIME)), now);
            cachedStatus = cached;
        }
        return cached.status();
    }

    private record CachedStatus(QueueStatus status, Instant at) {}
}
