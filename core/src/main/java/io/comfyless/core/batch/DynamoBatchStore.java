package io.comfyless.core.batch;

import static io.comfyless.core.dynamo.Items.instant;
import static io.comfyless.core.dynamo.Items.n;
import static io.comfyless.core.dynamo.Items.num;
import static io.comfyless.core.dynamo.Items.s;
import static io.comfyless.core.dynamo.Items.str;

import com.fasterxml.jackson.core.type.TypeReference;
import io.comfyless.contract.Table;
import io.comfyless.core.dynamo.DynamoTable;
import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobFailure;
import io.comfyless.core.job.JobItemCodec;
import io.comfyless.core.job.JobOutput;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.json.Json;
import io.comfyless.core.retry.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@link BatchStore} on the batches table, one partition per batch:
 * <pre>
 *   pk            sk              what
 *   batch#ID      batch           the batch: tenant, source, status, counts (remaining is the end counter)
 *   batch#ID      job#EXEC_ID     a job line: line number; once the job ended, done + its result
 *   batch#ID      error#LINE      a bad line: code, message, details
 * </pre>
 * Jobs are created with their line items and the batch's counters in one transaction per chunk,
 * each job put conditional on the job not existing: BatchWriteItem cannot carry conditions, and an
 * unconditional put of a redelivered line would overwrite a job a runner has already claimed.
 */
public final class DynamoBatchStore implements BatchStore {

    private static final String PK = Table.Attributes.PK;
    private static final String SK = Table.Attributes.SK;
    private static final String BATCH_SK = "batch";
    private static final String JOB_PREFIX = "job#";
    private static final String ERROR_PREFIX = "error#";
    private static final int TRANSACTION_RETRIES = 12;
    /** Writers of one batch collide on its counter item; jitter spreads their next tries apart. */
    private static final Backoff CONFLICT_BACKOFF =
            Backoff.exponential(Duration.ofMillis(20), Duration.ofMillis(1280)).withJitter();

    private static final int BATCH_WRITE_MAX = 25;

    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoTable batches;
    private final String jobsTable;

    public DynamoBatchStore(DynamoDbClient dynamo, String batchesTable, String jobsTable) {
        this.dynamo = dynamo;
        this.table = batchesTable;
        this.batches = new DynamoTable(dynamo, batchesTable);
        this.jobsTable = jobsTable;
    }

    @Override
    public Batch begin(Batch fresh) {
        Map<String, AttributeValue> item = key(fresh.id(), BATCH_SK);
        item.put("tenant", s(fresh.tenant()));
        item.put("bucket", s(fresh.bucket()));
        item.put("manifest_key", s(fresh.key()));
        item.put("status", s(fresh.status()));
        item.put("ingested", AttributeValue.fromBool(false));
        item.put("accepted", n(0));
        item.put("remaining", n(0));
        item.put("created_at", n(fresh.createdAt().toEpochMilli()));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return fresh;
        } catch (ConditionalCheckFailedException exists) {
            return find(fresh.id()).orElseThrow();
        }
    }

    @Override
    public Optional<Batch> find(String batchId) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        r -> r.tableName(table).key(key(batchId, BATCH_SK)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(batch(item));
    }

    @Override
    public List<Job> createJobs(String batchId, List<BatchLine> lines) {
        if (lines.size() > MAX_LINES_PER_WRITE) {
            throw new IllegalArgumentException("At most " + MAX_LINES_PER_WRITE + " lines per write");
        }
        List<BatchLine> pending = new ArrayList<>(lines);
        for (int attempt = 0; attempt < TRANSACTION_RETRIES && !pending.isEmpty(); attempt++) {
            List<TransactWriteItem> actions = new ArrayList<>();
            for (BatchLine line : pending) {
                actions.add(TransactWriteItem.builder()
                        .put(p -> p.tableName(jobsTable)
                                .item(JobItemCodec.newItem(line.job()))
                                .conditionExpression("attribute_not_exists(pk)"))
                        .build());
                Map<String, AttributeValue> lineItem =
                        key(batchId, JOB_PREFIX + line.job().id());
                lineItem.put("line", n(line.line()));
                actions.add(TransactWriteItem.builder()
                        .put(p -> p.tableName(table).item(lineItem))
                        .build());
            }
            AttributeValue count = n(pending.size());
            actions.add(TransactWriteItem.builder()
                    .update(u -> u.tableName(table)
                            .key(key(batchId, BATCH_SK))
                            .updateExpression("ADD accepted :n, remaining :n")
                            .expressionAttributeValues(Map.of(":n", count)))
                    .build());
            try {
                dynamo.transactWriteItems(r -> r.transactItems(actions));
                return pending.stream().map(BatchLine::job).toList();
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                List<BatchLine> absent = new ArrayList<>();
                for (int i = 0; i < pending.size(); i++) {
                    boolean exists = reasons.size() > 2 * i
                            && "ConditionalCheckFailed"
                                    .equals(reasons.get(2 * i).code());
                    if (!exists) {
                        absent.add(pending.get(i));
                    }
                }
                if (absent.size() == pending.size()) {
                    backOff(attempt, e);
                }
                pending = absent;
            }
        }
        if (!pending.isEmpty()) {
            throw new IllegalStateException(
                    "Could not create the jobs of batch " + batchId + " after " + TRANSACTION_RETRIES + " tries");
        }
        return List.of();
    }

    @Override
    public void recordErrors(String batchId, List<BatchLineError> errors) {
        List<WriteRequest> writes = new ArrayList<>();
        for (BatchLineError error : errors) {
            Map<String, AttributeValue> item = key(batchId, ERROR_PREFIX + String.format("%09d", error.line()));
            item.put("line", n(error.line()));
            item.put("code", s(error.code()));
            item.put("message", s(error.message()));
            item.put("details", s(Json.write(error.details())));
            writes.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
        }
        for (int from = 0; from < writes.size(); from += BATCH_WRITE_MAX) {
            Map<String, List<WriteRequest>> unprocessed =
                    Map.of(table, writes.subList(from, Math.min(from + BATCH_WRITE_MAX, writes.size())));
            for (int attempt = 0; !unprocessed.isEmpty() && attempt < TRANSACTION_RETRIES; attempt++) {
                Map<String, List<WriteRequest>> request = unprocessed;
                unprocessed =
                        dynamo.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
                if (!unprocessed.isEmpty()) {
                    backOff(attempt, null);
                }
            }
        }
    }

    @Override
    public Batch markIngested(String batchId, long lines, long rejected, String errorsKey, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":t", AttributeValue.fromBool(true), ":l", n(lines), ":r", n(rejected), ":now", n(now.toEpochMilli())));
        String set = "SET ingested = :t, #lines = :l, rejected = :r, updated_at = :now";
        if (errorsKey != null) {
            set += ", errors_key = :e";
            values.put(":e", s(errorsKey));
        }
        String expression = set;
        Map<String, AttributeValue> after = dynamo.updateItem(r -> r.tableName(table)
                        .key(key(batchId, BATCH_SK))
                        .updateExpression(expression)
                        .expressionAttributeNames(Map.of("#lines", "lines"))
                        .expressionAttributeValues(values)
                        .returnValues(ReturnValue.ALL_NEW))
                .attributes();
        if (Batch.INGESTING.equals(after.get("status").s())) {
            // Only a batch still ingesting moves on; a completed one (all lines bad, finished meanwhile) stays.
            try {
                after = dynamo.updateItem(r -> r.tableName(table)
                                .key(key(batchId, BATCH_SK))
                                .updateExpression("SET #status = :running")
                                .conditionExpression("#status = :ingesting")
                                .expressionAttributeNames(Map.of("#status", "status"))
                                .expressionAttributeValues(
                                        Map.of(":running", s(Batch.RUNNING), ":ingesting", s(Batch.INGESTING)))
                                .returnValues(ReturnValue.ALL_NEW))
                        .attributes();
            } catch (ConditionalCheckFailedException movedOn) {
                return find(batchId).orElseThrow();
            }
        }
        return batch(after);
    }

    @Override
    public Optional<Batch> jobEnded(String batchId, Job ended) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":t", AttributeValue.fromBool(true));
        values.put(":s", s(ended.status().wire()));
        values.put(
                ":o", s(Json.write(ended.outputs().stream().map(JobOutput::key).toList())));
        values.put(":e", s(Json.write(ended.error())));
        List<TransactWriteItem> actions = List.of(
                TransactWriteItem.builder()
                        .update(u -> u.tableName(table)
                                .key(key(batchId, JOB_PREFIX + ended.id()))
                                .updateExpression("SET done = :t, final_status = :s, outputs = :o, #error = :e")
                                .conditionExpression("attribute_exists(pk) AND attribute_not_exists(done)")
                                .expressionAttributeNames(Map.of("#error", "error"))
                                .expressionAttributeValues(values))
                        .build(),
                TransactWriteItem.builder()
                        .update(u -> u.tableName(table)
                                .key(key(batchId, BATCH_SK))
                                .updateExpression("ADD remaining :minus")
                                .expressionAttributeValues(Map.of(":minus", n(-1))))
                        .build());
        for (int attempt = 0; attempt < TRANSACTION_RETRIES; attempt++) {
            try {
                dynamo.transactWriteItems(r -> r.transactItems(actions));
                return find(batchId);
            } catch (TransactionCanceledException e) {
                if (e.hasCancellationReasons()
                        && "ConditionalCheckFailed"
                                .equals(e.cancellationReasons().get(0).code())) {
                    return Optional.empty();
                }
                // Many runners end jobs of one batch at once: their transactions conflict on the batch item.
                backOff(attempt, e);
            }
        }
        throw new IllegalStateException("Could not count job " + ended.id() + " into batch " + batchId);
    }

    @Override
    public boolean claimCompletion(String batchId, String resultsKey, Instant now) {
        // False when not every job has ended yet, or another caller claimed it first.
        return batches.updateIf(r -> r.key(key(batchId, BATCH_SK))
                .updateExpression("SET #status = :completed, completed_at = :now, results_key = :k")
                .conditionExpression("ingested = :t AND remaining <= :zero AND #status <> :completed")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(
                        ":completed",
                        s(Batch.COMPLETED),
                        ":now",
                        n(now.toEpochMilli()),
                        ":k",
                        s(resultsKey),
                        ":t",
                        AttributeValue.fromBool(true),
                        ":zero",
                        n(0))));
    }

    @Override
    public void releaseCompletion(String batchId) {
        // False when already released: nothing to give back.
        batches.updateIf(r -> r.key(key(batchId, BATCH_SK))
                .updateExpression("SET #status = :running REMOVE completed_at, results_key")
                .conditionExpression("#status = :completed")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":running", s(Batch.RUNNING), ":completed", s(Batch.COMPLETED))));
    }

    @Override
    public List<BatchLineResult> results(String batchId) {
        List<BatchLineResult> results = new ArrayList<>();
        for (Map<String, AttributeValue> item : partition(batchId, JOB_PREFIX, Integer.MAX_VALUE)) {
            String status = str(item, "final_status");
            List<String> outputs = item.containsKey("outputs")
                    ? read(str(item, "outputs"), new TypeReference<List<String>>() {})
                    : List.of();
            JobFailure error = item.containsKey("error") ? Json.read(str(item, "error"), JobFailure.class) : null;
            results.add(new BatchLineResult(
                    num(item, "line"), str(item, SK).substring(JOB_PREFIX.length()), status, outputs, error));
        }
        results.sort((a, b) -> Long.compare(a.line(), b.line()));
        return results;
    }

    @Override
    public List<BatchLineError> errors(String batchId, int limit) {
        List<BatchLineError> errors = new ArrayList<>();
        for (Map<String, AttributeValue> item : partition(batchId, ERROR_PREFIX, limit)) {
            errors.add(new BatchLineError(
                    num(item, "line"),
                    str(item, "code"),
                    str(item, "message"),
                    read(str(item, "details"), new TypeReference<List<ErrorDetail>>() {})));
        }
        return errors;
    }

    @Override
    public Map<JobStatus, Long> countByStatus(String batchId) {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            counts.put(status, 0L);
        }
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(jobsTable)
                .indexName(Table.Indexes.BY_BATCH)
                .keyConditionExpression("#b = :b")
                .projectionExpression("#s")
                .expressionAttributeNames(Map.of("#b", JobItemCodec.BATCH_ID, "#s", JobItemCodec.STATUS))
                .expressionAttributeValues(Map.of(":b", s(batchId)));
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(query.exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : page.items()) {
                JobStatus.fromWire(str(item, JobItemCodec.STATUS))
                        .ifPresent(status -> counts.merge(status, 1L, Long::sum));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return counts;
    }

    private List<Map<String, AttributeValue>> partition(String batchId, String prefix, int limit) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(partitionKey(batchId)), ":prefix", s(prefix)));
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(query.exclusiveStartKey(start)
                    .limit(Math.min(1000, limit - items.size()))
                    .build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && items.size() < limit);
        return items;
    }

    private static Batch batch(Map<String, AttributeValue> item) {
        return new Batch(
                str(item, PK).substring("batch#".length()),
                str(item, "tenant"),
                str(item, "bucket"),
                str(item, "manifest_key"),
                str(item, "status"),
                item.containsKey("ingested")
                        && Boolean.TRUE.equals(item.get("ingested").bool()),
                num(item, "lines"),
                num(item, "accepted"),
                num(item, "rejected"),
                num(item, "remaining"),
                instant(item, "created_at"),
                instant(item, "completed_at"),
                str(item, "results_key"),
                str(item, "errors_key"));
    }

    /** Rethrows {@code cause} after the last try; otherwise waits out the jittered backoff for the next. */
    private static void backOff(int attempt, RuntimeException cause) {
        if (attempt >= TRANSACTION_RETRIES - 1 && cause != null) {
            throw cause;
        }
        CONFLICT_BACKOFF.pause(attempt + 1);
    }

    private static String partitionKey(String batchId) {
        return "batch#" + batchId;
    }

    private static Map<String, AttributeValue> key(String batchId, String sortKey) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(PK, s(partitionKey(batchId)));
        key.put(SK, s(sortKey));
        return key;
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
