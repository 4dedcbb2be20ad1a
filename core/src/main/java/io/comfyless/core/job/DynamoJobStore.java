package io.comfyless.core.job;

import static io.comfyless.core.dynamo.Items.n;
import static io.comfyless.core.dynamo.Items.s;

import io.comfyless.contract.Table;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.json.Json;
import io.comfyless.core.retry.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * {@link JobStore} on the DynamoDB jobs table. Every state change is one conditional write, which also
 * appends the log entry of the runner's common transitions (claimed, completed). Run times of completed
 * jobs, for estimates and {@code /metrics}, are added to one statistics item in batches ({@link CompletionTotals}).
 */
public final class DynamoJobStore implements JobStore {

    private static final String IDEMPOTENCY_PREFIX = "idem#";
    private static final Logger log = LoggerFactory.getLogger(DynamoJobStore.class);
    private static final String STATS_KEY = "stats#runtime";
    private static final String STATS_COMPLETED = "completed";
    private static final String STATS_FAILED = "failed";
    private static final String STATS_CANCELLED = "cancelled";
    private static final String STATS_GPU_MS = "gpu_ms";
    private static final String STATS_QUEUE_MS = "queue_ms";
    /** Per tenant and saved workflow: {@code stats#runtime#<tenant>#<workflow_id>}. */
    private static final String WORKFLOW_STATS_PREFIX = STATS_KEY + "#";

    private static final Duration IDEMPOTENCY_RETENTION = Duration.ofHours(24);
    private static final int MAX_LOG_ENTRIES = 500;
    private static final int CREATE_RETRIES = 8;
    private static final Backoff CREATE_BACKOFF = Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(320));

    private final DynamoDbClient dynamo;
    private final String table;
    private final CompletionTotals completions = new CompletionTotals();

    public DynamoJobStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public CreateOutcome create(Job job, Optional<Idempotency> idempotency) {
        Map<String, AttributeValue> item = JobItem.toItem(job);
        item.put(JobItem.WATCH, s(JobItem.WATCH_ENQUEUE));
        item.put(JobItem.DEADLINE, n(job.createdAt().plus(JobItem.ENQUEUE_GRACE).toEpochMilli()));
        if (idempotency.isEmpty()) {
            dynamo.putItem(
                    request -> request.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return new CreateOutcome(job, true);
        }
        Idempotency idem = idempotency.get();
        String idemKey = IDEMPOTENCY_PREFIX + job.owner() + "#" + idem.key();
        Map<String, AttributeValue> record = Map.of(
                JobItem.PK,
                s(idemKey),
                "job_id",
                s(job.id()),
                "request_hash",
                s(idem.requestHash()),
                JobItem.EXPIRES_AT,
                n(job.createdAt().plus(IDEMPOTENCY_RETENTION).getEpochSecond()));
        // Concurrent requests with one key race on the idempotency record; the loser reads the winner's job.
        for (int attempt = 0; attempt < CREATE_RETRIES; attempt++) {
            try {
                dynamo.transactWriteItems(request -> request.transactItems(
                        TransactWriteItem.builder()
                                .put(put -> put.tableName(table)
                                        .item(record)
                                        .conditionExpression("attribute_not_exists(pk)"))
                                .build(),
                        TransactWriteItem.builder()
                                .put(put ->
                                        put.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"))
                                .build()));
                return new CreateOutcome(job, true);
            } catch (TransactionCanceledException e) {
                Optional<CreateOutcome> earlier = earlierJob(idemKey, idem);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
                if (!isConflictOnly(e)) {
                    throw e;
                }
                CREATE_BACKOFF.pause(attempt + 1);
            }
        }
        throw JobConflicts.keyInProgress();
    }

    private Optional<CreateOutcome> earlierJob(String idemKey, Idempotency idem) {
        Map<String, AttributeValue> record = dynamo.getItem(request -> request.tableName(table)
                        .key(Map.of(JobItem.PK, s(idemKey)))
                        .consistentRead(true))
                .item();
        if (record == null || record.isEmpty()) {
            return Optional.empty();
        }
        if (!record.get("request_hash").s().equals(idem.requestHash())) {
            throw JobConflicts.keyReused(idem);
        }
        Job existing = find(record.get("job_id").s())
                .orElseThrow(() -> new IllegalStateException("Idempotency record points at a missing job "
                        + record.get("job_id").s()));
        return Optional.of(new CreateOutcome(existing, false));
    }

    private static boolean isConflictOnly(TransactionCanceledException e) {
        return e.hasCancellationReasons()
                && e.cancellationReasons().stream()
                        .map(CancellationReason::code)
                        .allMatch(code -> code == null || "None".equals(code) || "TransactionConflict".equals(code));
    }

    @Override
    public Optional<Job> find(String id) {
        if (id.startsWith(IDEMPOTENCY_PREFIX) || id.startsWith(STATS_KEY)) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamo.getItem(
                        request -> request.tableName(table).key(key(id)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(JobItem.fromItem(item));
    }

    @Override
    public JobPage list(String owner, Optional<JobStatus> status, int limit, int offset) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).scanIndexForward(false);
        if (status.isPresent()) {
            query.indexName(Table.Indexes.BY_OWNER_STATUS)
                    .keyConditionExpression("#k = :k")
                    .expressionAttributeNames(Map.of("#k", JobItem.OWNER_STATUS))
                    .expressionAttributeValues(Map.of(":k", s(JobItem.ownerStatus(owner, status.get()))));
        } else {
            query.indexName(Table.Indexes.BY_OWNER)
                    .keyConditionExpression("#k = :k")
                    .expressionAttributeNames(Map.of("#k", JobItem.OWNER))
                    .expressionAttributeValues(Map.of(":k", s(owner)));
        }
        int wanted = offset + limit + 1;
        List<Job> jobs = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            query.limit(Math.min(wanted - jobs.size(), 1000)).exclusiveStartKey(start);
            QueryResponse page = dynamo.query(query.build());
            page.items().forEach(item -> jobs.add(JobItem.fromItem(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && jobs.size() < wanted);
        List<Job> window = jobs.subList(Math.min(offset, jobs.size()), Math.min(offset + limit, jobs.size()));
        return new JobPage(List.copyOf(window), limit, offset, jobs.size() > offset + limit);
    }

    @Override
    public void markEnqueued(Job job) {
        try {
            update(
                    new ItemUpdate()
                            .remove(JobItem.WATCH)
                            .remove(JobItem.DEADLINE)
                            .expect(JobItem.WATCH, s(JobItem.WATCH_ENQUEUE)),
                    job.id());
        } catch (ConditionalCheckFailedException alreadyMovedOn) {
            // A runner claimed it first or it was cancelled: nothing left to confirm.
        }
    }

    @Override
    public Optional<Job> claim(
            String jobId, String owner, LeaseHolder holder, Instant leaseUntil, String promptId, Instant now) {
        ItemUpdate update = transition(owner, JobStatus.RUNNING, now)
                .set(JobItem.WORKER_ID, s(holder.workerId()))
                .set(JobItem.LEASE_UNTIL, n(leaseUntil.toEpochMilli()))
                .set(JobItem.PROMPT_ID, s(promptId))
                .setIfAbsent(JobItem.STARTED_AT, n(now.toEpochMilli()))
                // The attempt starts clean; the last one's error stays in attempt_failures.
                .remove(JobItem.ERROR)
                .set(JobItem.WATCH, s(JobItem.WATCH_LEASE))
                .set(JobItem.DEADLINE, n(leaseUntil.toEpochMilli()))
                .remove(JobItem.PROGRESS)
                .append(
                        JobItem.LOGS,
                        JobItem.log(LogEntry.info(
                                now, "claimed", "Attempt " + holder.attempt() + " claimed by " + holder.workerId())))
                .expect(JobItem.STATUS, s(JobStatus.PENDING.wire()))
                .expect(JobItem.ATTEMPT, n(holder.attempt()))
                .expectNot(JobItem.CANCEL_REQUESTED, AttributeValue.fromBool(true));
        return conditional(update, jobId).map(JobItem::fromItem);
    }

    @Override
    public LeaseState renewLease(Job job, LeaseHolder holder, Instant leaseUntil, Optional<Progress> progress) {
        ItemUpdate update = held(new ItemUpdate(), holder)
                .set(JobItem.LEASE_UNTIL, n(leaseUntil.toEpochMilli()))
                .set(JobItem.DEADLINE, n(leaseUntil.toEpochMilli()));
        progress.ifPresent(recorded -> update.set(JobItem.PROGRESS, s(Json.write(recorded)))
                .set(JobItem.UPDATED_AT, n(recorded.updatedAt().toEpochMilli()))
                .increment(JobItem.VERSION));
        return conditional(update, job.id())
                .map(item -> new LeaseState(
                        true,
                        Boolean.TRUE.equals(item.get(JobItem.CANCEL_REQUESTED).bool())))
                .orElse(LeaseState.LOST);
    }

    @Override
    public boolean recordProgress(Job job, LeaseHolder holder, Progress progress) {
        ItemUpdate update = held(new ItemUpdate(), holder)
                .set(JobItem.PROGRESS, s(Json.write(progress)))
                .set(JobItem.UPDATED_AT, n(progress.updatedAt().toEpochMilli()))
                .increment(JobItem.VERSION);
        return conditional(update, job.id()).isPresent();
    }

    @Override
    public boolean complete(Job job, LeaseHolder holder, List<JobOutput> outputs, JobMetrics metrics, Instant now) {
        ItemUpdate update = finish(held(transition(job, JobStatus.COMPLETED, now), holder), now)
                .set(JobItem.OUTPUTS, s(Json.write(outputs)))
                .set(
                        JobItem.PROGRESS,
                        s(Json.write(Progress.finished(job.workflow().size(), now))))
                .append(
                        JobItem.LOGS,
                        JobItem.log(LogEntry.info(
                                now, "completed", "Completed with " + outputs.size() + " output file(s)")))
                .remove(JobItem.ERROR);
        if (metrics != JobMetrics.NONE) {
            update.set(JobItem.METRICS, s(Json.write(metrics)));
        }
        boolean done = conditional(update, job.id()).isPresent();
        if (done) {
            completions
                    .add(job.startedAt() == null ? null : Duration.between(job.startedAt(), now), metrics, now)
                    .ifPresent(this::recordCompletions);
            if (job.startedAt() != null) {
                workflowStatsKey(job).ifPresent(key -> recordRunTime(key, Duration.between(job.startedAt(), now)));
            }
        }
        return done;
    }

    @Override
    public boolean fail(Job job, LeaseHolder holder, JobFailure failure, Instant now) {
        ItemUpdate update = finish(held(transition(job, JobStatus.FAILED, now), holder), now)
                .set(JobItem.ERROR, s(Json.write(failure)));
        return counted(conditional(update, job.id()).isPresent(), STATS_FAILED);
    }

    @Override
    public boolean failPending(Job job, JobFailure failure, Instant now) {
        ItemUpdate update = finish(transition(job, JobStatus.FAILED, now), now)
                .set(JobItem.ERROR, s(Json.write(failure)))
                .expect(JobItem.STATUS, s(JobStatus.PENDING.wire()));
        return counted(conditional(update, job.id()).isPresent(), STATS_FAILED);
    }

    @Override
    public boolean release(Job job, LeaseHolder holder, JobFailure reason, Instant now) {
        ItemUpdate update = held(transition(job, JobStatus.PENDING, now), holder)
                .set(JobItem.ATTEMPT, n(holder.attempt() + 1L))
                .set(JobItem.ERROR, s(Json.write(reason)))
                .append(JobItem.ATTEMPT_FAILURES, JobItem.attemptFailure(new AttemptFailure(holder.attempt(), reason)))
                .set(JobItem.WATCH, s(JobItem.WATCH_ENQUEUE))
                .set(JobItem.DEADLINE, n(now.plus(JobItem.ENQUEUE_GRACE).toEpochMilli()))
                .remove(JobItem.WORKER_ID)
                .remove(JobItem.LEASE_UNTIL)
                .remove(JobItem.PROGRESS);
        return conditional(update, job.id()).isPresent();
    }

    @Override
    public boolean preempt(Job job, LeaseHolder holder, Instant now) {
        ItemUpdate update = held(transition(job, JobStatus.PENDING, now), holder)
                .remove(JobItem.WORKER_ID)
                .remove(JobItem.LEASE_UNTIL)
                .remove(JobItem.PROGRESS)
                .remove(JobItem.WATCH)
                .remove(JobItem.DEADLINE);
        return conditional(update, job.id()).isPresent();
    }

    @Override
    public Optional<Job> reclaimLapsed(Job job, Instant now) {
        if (job.status() != JobStatus.RUNNING || job.workerId() == null) {
            return Optional.empty();
        }
        JobFailure lost = JobFailure.of(
                JobFailure.Codes.WORKER_LOST,
                "The runner executing attempt " + job.attempt() + " stopped renewing its lease",
                true);
        ItemUpdate update;
        if (job.hasAttemptsLeft()) {
            update = transition(job, JobStatus.PENDING, now)
                    .set(JobItem.ATTEMPT, n(job.attempt() + 1L))
                    .set(JobItem.ERROR, s(Json.write(lost)))
                    .append(JobItem.ATTEMPT_FAILURES, JobItem.attemptFailure(new AttemptFailure(job.attempt(), lost)))
                    .set(JobItem.WATCH, s(JobItem.WATCH_ENQUEUE))
                    .set(JobItem.DEADLINE, n(now.toEpochMilli()))
                    .remove(JobItem.WORKER_ID)
                    .remove(JobItem.LEASE_UNTIL)
                    .remove(JobItem.PROGRESS);
        } else {
            update = finish(transition(job, JobStatus.FAILED, now), now)
                    .set(
                            JobItem.ERROR,
                            s(Json.write(JobFailure.of(lost.code(), lost.message() + "; no attempts left", false))));
        }
        update.expect(JobItem.STATUS, s(JobStatus.RUNNING.wire()))
                .expect(JobItem.WORKER_ID, s(job.workerId()))
                .expect(JobItem.ATTEMPT, n(job.attempt()))
                .expectBelow(JobItem.LEASE_UNTIL, n(now.toEpochMilli()));
        Optional<Job> after = conditional(update, job.id()).map(JobItem::fromItem);
        after.filter(reclaimed -> reclaimed.status() == JobStatus.FAILED).ifPresent(failed -> count(STATS_FAILED));
        return after;
    }

    @Override
    public boolean markCancelled(Job job, LeaseHolder holder, Instant now) {
        return counted(
                conditional(finish(held(transition(job, JobStatus.CANCELLED, now), holder), now), job.id())
                        .isPresent(),
                STATS_CANCELLED);
    }

    @Override
    public Job requestCancel(Job job, Instant now) {
        // Two tries: a pending job may be claimed between our read and our write.
        for (int attempt = 0; attempt < 2; attempt++) {
            Job current = find(job.id()).orElseThrow(() -> NotFoundException.job(job.id()));
            if (current.status().isTerminal()) {
                throw JobConflicts.alreadyFinished(current);
            }
            ItemUpdate update = current.status() == JobStatus.PENDING
                    ? finish(transition(current, JobStatus.CANCELLED, now), now)
                            .expect(JobItem.STATUS, s(JobStatus.PENDING.wire()))
                    : new ItemUpdate()
                            .set(JobItem.CANCEL_REQUESTED, AttributeValue.fromBool(true))
                            .set(JobItem.UPDATED_AT, n(now.toEpochMilli()))
                            .increment(JobItem.VERSION)
                            .expect(JobItem.STATUS, s(JobStatus.RUNNING.wire()));
            Optional<Map<String, AttributeValue>> updated = conditional(update, job.id());
            if (updated.isPresent()) {
                Job after = JobItem.fromItem(updated.get());
                counted(after.status() == JobStatus.CANCELLED, STATS_CANCELLED);
                return after;
            }
        }
        throw JobConflicts.changedWhileCancelling(job.id());
    }

    @Override
    public void appendLog(Job job, LogEntry entry) {
        ItemUpdate update = new ItemUpdate()
                .append(JobItem.LOGS, JobItem.log(entry))
                .expectExists(JobItem.PK)
                .expectSizeBelow(JobItem.LOGS, MAX_LOG_ENTRIES);
        conditional(update, job.id());
    }

    @Override
    public List<Job> expiredLeases(Instant now, int limit) {
        return watched(JobItem.WATCH_LEASE, now, limit);
    }

    @Override
    public List<Job> unconfirmedEnqueues(Instant before, int limit) {
        return watched(JobItem.WATCH_ENQUEUE, before, limit);
    }

    @Override
    public Optional<Duration> meanRunTime() {
        return meanRunTime(STATS_KEY);
    }

    @Override
    public Optional<Duration> meanRunTime(Job job) {
        return workflowStatsKey(job).flatMap(this::meanRunTime);
    }

    private static Optional<String> workflowStatsKey(Job job) {
        return Optional.ofNullable(job.workflowId())
                .filter(id -> !id.isBlank())
                .map(id -> WORKFLOW_STATS_PREFIX + job.owner() + "#" + id);
    }

    private Optional<Duration> meanRunTime(String statsKey) {
        Map<String, AttributeValue> stats = dynamo.getItem(
                        request -> request.tableName(table).key(key(statsKey)))
                .item();
        if (stats == null || !stats.containsKey("count")) {
            return Optional.empty();
        }
        long count = Long.parseLong(stats.get("count").n());
        long totalMillis = Long.parseLong(stats.get("total_ms").n());
        return count == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(totalMillis / count));
    }

    @Override
    public JobTotals totals() {
        Map<String, AttributeValue> stats = dynamo.getItem(
                        request -> request.tableName(table).key(key(STATS_KEY)))
                .item();
        if (stats == null || stats.isEmpty()) {
            return JobTotals.NONE;
        }
        return new JobTotals(
                stat(stats, STATS_COMPLETED),
                stat(stats, STATS_FAILED),
                stat(stats, STATS_CANCELLED),
                stat(stats, "total_ms"),
                stat(stats, STATS_GPU_MS),
                stat(stats, STATS_QUEUE_MS));
    }

    private static long stat(Map<String, AttributeValue> stats, String name) {
        AttributeValue value = stats.get(name);
        return value == null ? 0 : Long.parseLong(value.n());
    }

    /**
     * One ADD to the counter item: completions, their run time (for the mean, {@code count} and
     * {@code total_ms} count timed runs only), GPU and queue time. Counting is bookkeeping for
     * {@code /metrics}: a failure to count must not undo the transition.
     */
    private void recordCompletions(CompletionTotals.Batch batch) {
        try {
            dynamo.updateItem(request -> request.tableName(table)
                    .key(key(STATS_KEY))
                    .updateExpression("ADD #done :done, #c :timed, #t :ms, #g :gpu, #q :queue")
                    .expressionAttributeNames(Map.of(
                            "#done", STATS_COMPLETED,
                            "#c", "count",
                            "#t", "total_ms",
                            "#g", STATS_GPU_MS,
                            "#q", STATS_QUEUE_MS))
                    .expressionAttributeValues(Map.of(
                            ":done", n(batch.completed()),
                            ":timed", n(batch.timed()),
                            ":ms", n(batch.runMillis()),
                            ":gpu", n(batch.gpuMillis()),
                            ":queue", n(batch.queueMillis()))));
        } catch (RuntimeException e) {
            log.warn("Could not count completed jobs: {}", e.toString());
        }
    }

    private boolean counted(boolean changed, String counter) {
        if (changed) {
            count(counter);
        }
        return changed;
    }

    /** Counting is bookkeeping for {@code /metrics}: a failure to count must not undo the transition. */
    private void count(String counter) {
        try {
            dynamo.updateItem(request -> request.tableName(table)
                    .key(key(STATS_KEY))
                    .updateExpression("ADD #n :one")
                    .expressionAttributeNames(Map.of("#n", counter))
                    .expressionAttributeValues(Map.of(":one", n(1))));
        } catch (RuntimeException e) {
            log.warn("Could not count an ended job as {}: {}", counter, e.toString());
        }
    }

    /** A saved workflow's run time, for that tenant's estimates of it: written with each completion. */
    private void recordRunTime(String statsKey, Duration runTime) {
        dynamo.updateItem(request -> request.tableName(table)
                .key(key(statsKey))
                .updateExpression("ADD #c :one, #t :ms")
                .expressionAttributeNames(Map.of("#c", "count", "#t", "total_ms"))
                .expressionAttributeValues(Map.of(":one", n(1), ":ms", n(runTime.toMillis()))));
    }

    private List<Job> watched(String reason, Instant before, int limit) {
        QueryResponse response = dynamo.query(request -> request.tableName(table)
                .indexName(Table.Indexes.WATCH)
                .keyConditionExpression("#w = :w AND #d < :d")
                .expressionAttributeNames(Map.of("#w", JobItem.WATCH, "#d", JobItem.DEADLINE))
                .expressionAttributeValues(Map.of(":w", s(reason), ":d", n(before.toEpochMilli())))
                .limit(limit));
        return response.items().stream().map(JobItem::fromItem).toList();
    }

    /**
     * Sets the new status and its derived attributes, on condition that the stored status may move
     * to it ({@link JobStatus#predecessors()}): the transition table is what this store enforces.
     * Callers narrow the condition further (this attempt, this lease holder, one particular status).
     */
    private static ItemUpdate transition(Job job, JobStatus to, Instant now) {
        return transition(job.owner(), to, now);
    }

    private static ItemUpdate transition(String owner, JobStatus to, Instant now) {
        return new ItemUpdate()
                .expectOneOf(
                        JobItem.STATUS,
                        to.predecessors().stream().map(from -> s(from.wire())).toList())
                .set(JobItem.STATUS, s(to.wire()))
                .set(JobItem.OWNER_STATUS, s(JobItem.ownerStatus(owner, to)))
                .set(JobItem.UPDATED_AT, n(now.toEpochMilli()))
                .increment(JobItem.VERSION);
    }

    private static ItemUpdate held(ItemUpdate update, LeaseHolder holder) {
        return update.expect(JobItem.STATUS, s(JobStatus.RUNNING.wire()))
                .expect(JobItem.WORKER_ID, s(holder.workerId()))
                .expect(JobItem.ATTEMPT, n(holder.attempt()));
    }

    /** A terminal state: nothing left to watch, kept for the retention period from now. */
    private static ItemUpdate finish(ItemUpdate update, Instant now) {
        return update.set(JobItem.COMPLETED_AT, n(now.toEpochMilli()))
                .set(JobItem.EXPIRES_AT, n(now.plus(JobItem.RETENTION).getEpochSecond()))
                .remove(JobItem.WATCH)
                .remove(JobItem.DEADLINE)
                .remove(JobItem.LEASE_UNTIL);
    }

    private Optional<Map<String, AttributeValue>> conditional(ItemUpdate update, String id) {
        try {
            return Optional.of(dynamo.updateItem(update.toRequest(table, key(id))
                            .returnValues(ReturnValue.ALL_NEW)
                            .build())
                    .attributes());
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    private void update(ItemUpdate update, String id) {
        dynamo.updateItem(update.toRequest(table, key(id)).build());
    }

    private static Map<String, AttributeValue> key(String id) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(JobItem.PK, s(id));
        return key;
    }
}
