package io.comfyless.core.job;

import io.comfyless.core.error.NotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * {@link JobStore} in memory, for unit tests of the logic around jobs and as the reference the
 * store contract is written against. Every change is checked against {@link JobStatus#canMoveTo}
 * and the write's own condition (attempt, lease holder) under one lock, as the DynamoDB store
 * checks them in one conditional write.
 */
public final class InMemoryJobStore implements JobStore {

    private static final int MAX_LOG_ENTRIES = 500;

    /** Why the reaper looks at a job, and from when: what {@code watch}/{@code deadline} are in DynamoDB. */
    private record Watch(String reason, Instant deadline) {}

    private record IdempotencyRecord(String jobId, String requestHash) {}

    private final Map<String, Job> jobs = new HashMap<>();
    private final Map<String, Watch> watches = new HashMap<>();
    private final Map<String, IdempotencyRecord> idempotency = new HashMap<>();
    private long completedCount;
    private long timedCount;
    private Duration completedTotal = Duration.ZERO;
    private long failedCount;
    private long cancelledCount;
    private long gpuMillis;
    private long queueMillis;
    /** Run times per tenant and saved workflow: {@code tenant#workflow_id} to count and total. */
    private final Map<String, Duration[]> workflowRunTimes = new HashMap<>();

    @Override
    public synchronized CreateOutcome create(Job job, Optional<Idempotency> key) {
        if (key.isPresent()) {
            String recordKey = job.owner() + "#" + key.get().key();
            IdempotencyRecord earlier = idempotency.get(recordKey);
            if (earlier != null) {
                if (!earlier.requestHash().equals(key.get().requestHash())) {
                    throw JobConflicts.keyReused(key.get());
                }
                return new CreateOutcome(jobs.get(earlier.jobId()), false);
            }
            idempotency.put(recordKey, new IdempotencyRecord(job.id(), key.get().requestHash()));
        }
        jobs.put(job.id(), job);
        watches.put(job.id(), new Watch(JobItem.WATCH_ENQUEUE, job.createdAt().plus(JobItem.ENQUEUE_GRACE)));
        return new CreateOutcome(job, true);
    }

    @Override
    public synchronized Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public synchronized JobPage list(String owner, Optional<JobStatus> status, int limit, int offset) {
        List<Job> matching = jobs.values().stream()
                .filter(job -> job.owner().equals(owner))
                .filter(job -> status.isEmpty() || job.status() == status.get())
                .sorted(Comparator.comparing(Job::createdAt).reversed())
                .toList();
        List<Job> window =
                matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()));
        return new JobPage(List.copyOf(window), limit, offset, matching.size() > offset + limit);
    }

    @Override
    public synchronized void markEnqueued(Job job) {
        Watch watch = watches.get(job.id());
        if (watch != null && watch.reason().equals(JobItem.WATCH_ENQUEUE)) {
            watches.remove(job.id());
        }
    }

    @Override
    public synchronized Optional<Job> claim(
            String jobId, String owner, LeaseHolder holder, Instant leaseUntil, String promptId, Instant now) {
        Job stored = jobs.get(jobId);
        Instant startedAt = stored == null || stored.startedAt() == null ? now : stored.startedAt();
        Optional<Job> claimed = move(
                jobId,
                JobStatus.RUNNING,
                now,
                current -> current.owner().equals(owner)
                        && current.attempt() == holder.attempt()
                        && !current.cancelRequested(),
                b -> b.workerId(holder.workerId())
                        .leaseUntil(leaseUntil)
                        .promptId(promptId)
                        .progress(null)
                        .error(null)
                        .startedAt(startedAt),
                new Watch(JobItem.WATCH_LEASE, leaseUntil));
        claimed.ifPresent(job -> appendLog(
                job,
                LogEntry.info(now, "claimed", "Attempt " + holder.attempt() + " claimed by " + holder.workerId())));
        return claimed.map(job -> jobs.get(job.id()));
    }

    @Override
    public synchronized LeaseState renewLease(
            Job job, LeaseHolder holder, Instant leaseUntil, Optional<Progress> progress) {
        Job current = jobs.get(job.id());
        if (!heldBy(current, holder)) {
            return LeaseState.LOST;
        }
        Job.Builder renewed = current.toBuilder().leaseUntil(leaseUntil);
        progress.ifPresent(recorded ->
                renewed.progress(recorded).updatedAt(recorded.updatedAt()).version(current.version() + 1));
        jobs.put(job.id(), renewed.build());
        watches.put(job.id(), new Watch(JobItem.WATCH_LEASE, leaseUntil));
        return new LeaseState(true, current.cancelRequested());
    }

    @Override
    public synchronized boolean recordProgress(Job job, LeaseHolder holder, Progress progress) {
        Job current = jobs.get(job.id());
        if (!heldBy(current, holder)) {
            return false;
        }
        jobs.put(
                job.id(),
                current.toBuilder()
                        .progress(progress)
                        .updatedAt(progress.updatedAt())
                        .version(current.version() + 1)
                        .build());
        return true;
    }

    @Override
    public synchronized boolean complete(
            Job job, LeaseHolder holder, List<JobOutput> outputs, JobMetrics metrics, Instant now) {
        Optional<Job> done = finish(
                job.id(),
                JobStatus.COMPLETED,
                now,
                current -> heldBy(current, holder),
                b -> b.outputs(outputs)
                        .metrics(metrics)
                        .error(null)
                        .progress(Progress.finished(job.workflow().size(), now)));
        done.ifPresent(j -> {
            appendLog(j, LogEntry.info(now, "completed", "Completed with " + outputs.size() + " output file(s)"));
            completedCount++;
            if (j.startedAt() != null) {
                Duration runTime = Duration.between(j.startedAt(), now);
                timedCount++;
                completedTotal = completedTotal.plus(runTime);
                if (j.workflowId() != null) {
                    Duration[] stats = workflowRunTimes.computeIfAbsent(
                            j.owner() + "#" + j.workflowId(), key -> new Duration[] {Duration.ZERO, Duration.ZERO});
                    stats[0] = stats[0].plusNanos(1);
                    stats[1] = stats[1].plus(runTime);
                }
            }
            if (metrics.gpuSeconds() != null) {
                gpuMillis += Math.round(metrics.gpuSeconds() * 1000);
            }
            if (metrics.queueSeconds() != null) {
                queueMillis += Math.round(metrics.queueSeconds() * 1000);
            }
        });
        return done.isPresent();
    }

    @Override
    public synchronized boolean fail(Job job, LeaseHolder holder, JobFailure failure, Instant now) {
        return finish(job.id(), JobStatus.FAILED, now, current -> heldBy(current, holder), b -> b.error(failure))
                .isPresent();
    }

    @Override
    public synchronized boolean failPending(Job job, JobFailure failure, Instant now) {
        return finish(
                        job.id(),
                        JobStatus.FAILED,
                        now,
                        current -> current.status() == JobStatus.PENDING,
                        b -> b.error(failure))
                .isPresent();
    }

    @Override
    public synchronized boolean release(Job job, LeaseHolder holder, JobFailure reason, Instant now) {
        return move(
                        job.id(),
                        JobStatus.PENDING,
                        now,
                        current -> heldBy(current, holder),
                        b -> unleased(b)
                                .attempt(holder.attempt() + 1)
                                .error(reason)
                                .attemptFailures(withFailure(job.id(), new AttemptFailure(holder.attempt(), reason))),
                        new Watch(JobItem.WATCH_ENQUEUE, now.plus(JobItem.ENQUEUE_GRACE)))
                .isPresent();
    }

    @Override
    public synchronized boolean preempt(Job job, LeaseHolder holder, Instant now) {
        return move(job.id(), JobStatus.PENDING, now, current -> heldBy(current, holder), this::unleased, null)
                .isPresent();
    }

    @Override
    public synchronized Optional<Job> reclaimLapsed(Job job, Instant now) {
        if (job.status() != JobStatus.RUNNING || job.workerId() == null) {
            return Optional.empty();
        }
        Predicate<Job> lapsed = current -> current.status() == JobStatus.RUNNING
                && job.workerId().equals(current.workerId())
                && current.attempt() == job.attempt()
                && current.leaseUntil() != null
                && current.leaseUntil().isBefore(now);
        JobFailure lost = JobFailure.of(
                JobFailure.Codes.WORKER_LOST,
                "The runner executing attempt " + job.attempt() + " stopped renewing its lease",
                true);
        if (job.hasAttemptsLeft()) {
            return move(
                    job.id(),
                    JobStatus.PENDING,
                    now,
                    lapsed,
                    b -> unleased(b)
                            .attempt(job.attempt() + 1)
                            .error(lost)
                            .attemptFailures(withFailure(job.id(), new AttemptFailure(job.attempt(), lost))),
                    new Watch(JobItem.WATCH_ENQUEUE, now));
        }
        JobFailure exhausted = JobFailure.of(lost.code(), lost.message() + "; no attempts left", false);
        return finish(job.id(), JobStatus.FAILED, now, lapsed, b -> b.error(exhausted));
    }

    @Override
    public synchronized boolean markCancelled(Job job, LeaseHolder holder, Instant now) {
        return finish(job.id(), JobStatus.CANCELLED, now, current -> heldBy(current, holder), b -> b)
                .isPresent();
    }

    @Override
    public synchronized Job requestCancel(Job job, Instant now) {
        Job current = jobs.get(job.id());
        if (current == null) {
            throw NotFoundException.job(job.id());
        }
        if (current.status().isTerminal()) {
            throw JobConflicts.alreadyFinished(current);
        }
        if (current.status() == JobStatus.PENDING) {
            return finish(job.id(), JobStatus.CANCELLED, now, c -> true, b -> b)
                    .orElseThrow(() -> JobConflicts.changedWhileCancelling(job.id()));
        }
        Job asked = current.toBuilder()
                .cancelRequested(true)
                .updatedAt(now)
                .version(current.version() + 1)
                .build();
        jobs.put(job.id(), asked);
        return asked;
    }

    @Override
    public synchronized void appendLog(Job job, LogEntry entry) {
        Job current = jobs.get(job.id());
        if (current != null && current.logs().size() < MAX_LOG_ENTRIES) {
            List<LogEntry> logs = new ArrayList<>(current.logs());
            logs.add(entry);
            jobs.put(job.id(), current.toBuilder().logs(logs).build());
        }
    }

    @Override
    public synchronized List<Job> expiredLeases(Instant now, int limit) {
        return watched(JobItem.WATCH_LEASE, now, limit);
    }

    @Override
    public synchronized List<Job> unconfirmedEnqueues(Instant before, int limit) {
        return watched(JobItem.WATCH_ENQUEUE, before, limit);
    }

    @Override
    public synchronized Optional<Duration> meanRunTime() {
        return timedCount == 0 ? Optional.empty() : Optional.of(completedTotal.dividedBy(timedCount));
    }

    @Override
    public synchronized Optional<Duration> meanRunTime(Job job) {
        if (job.workflowId() == null) {
            return Optional.empty();
        }
        Duration[] stats = workflowRunTimes.get(job.owner() + "#" + job.workflowId());
        return stats == null ? Optional.empty() : Optional.of(stats[1].dividedBy(stats[0].toNanos()));
    }

    @Override
    public synchronized JobTotals totals() {
        return new JobTotals(
                completedCount, failedCount, cancelledCount, completedTotal.toMillis(), gpuMillis, queueMillis);
    }

    private List<Job> watched(String reason, Instant before, int limit) {
        return watches.entrySet().stream()
                .filter(e -> e.getValue().reason().equals(reason)
                        && e.getValue().deadline().isBefore(before))
                .map(e -> jobs.get(e.getKey()))
                .limit(limit)
                .toList();
    }

    /**
     * The one way a status changes: allowed by {@link JobStatus#canMoveTo} and by the write's own
     * condition, or nothing changes. {@code watch} replaces the reaper's interest (null: none).
     */
    private Optional<Job> move(
            String id,
            JobStatus to,
            Instant now,
            Predicate<Job> condition,
            UnaryOperator<Job.Builder> change,
            Watch watch) {
        Job current = jobs.get(id);
        if (current == null || !current.status().canMoveTo(to) || !condition.test(current)) {
            return Optional.empty();
        }
        Job after = change.apply(current.toBuilder().status(to).updatedAt(now).version(current.version() + 1))
                .build();
        jobs.put(id, after);
        if (watch == null) {
            watches.remove(id);
        } else {
            watches.put(id, watch);
        }
        return Optional.of(after);
    }

    /** A terminal state: nothing left to watch, no lease. */
    private Optional<Job> finish(
            String id, JobStatus to, Instant now, Predicate<Job> condition, UnaryOperator<Job.Builder> change) {
        Optional<Job> finished = move(
                id, to, now, condition, b -> change.apply(b.completedAt(now).leaseUntil(null)), null);
        if (finished.isPresent() && to == JobStatus.FAILED) {
            failedCount++;
        } else if (finished.isPresent() && to == JobStatus.CANCELLED) {
            cancelledCount++;
        }
        return finished;
    }

    /** The job's failed attempts with {@code failure} added, as the DynamoDB store appends it. */
    private List<AttemptFailure> withFailure(String id, AttemptFailure failure) {
        Job current = jobs.get(id);
        List<AttemptFailure> failures = new ArrayList<>(current == null ? List.of() : current.attemptFailures());
        failures.add(failure);
        return failures;
    }

    private Job.Builder unleased(Job.Builder builder) {
        return builder.workerId(null).leaseUntil(null).progress(null);
    }

    private static boolean heldBy(Job current, LeaseHolder holder) {
        return current != null
                && current.status() == JobStatus.RUNNING
                && holder.workerId().equals(current.workerId())
                && current.attempt() == holder.attempt();
    }
}
