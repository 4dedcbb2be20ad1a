package io.comfyless.core.job;

import static io.comfyless.core.dynamo.Items.bool;
import static io.comfyless.core.dynamo.Items.instant;
import static io.comfyless.core.dynamo.Items.n;
import static io.comfyless.core.dynamo.Items.num;
import static io.comfyless.core.dynamo.Items.s;
import static io.comfyless.core.dynamo.Items.str;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.contract.Table;
import io.comfyless.core.json.Json;
import io.comfyless.core.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How a {@link Job} is laid out as a DynamoDB item. Scalars the store queries or conditions on are
 * top-level attributes; nested values written whole (workflow, outputs, error) are JSON strings.
 */
final class JobItem {

    static final String PK = Table.Attributes.PK;
    static final String OWNER = "owner";
    static final String STATUS = "status";
    static final String OWNER_STATUS = "owner_status";
    static final String CREATED_AT = "created_at";
    static final String UPDATED_AT = "updated_at";
    static final String STARTED_AT = "started_at";
    static final String COMPLETED_AT = "completed_at";
    static final String PRIORITY = "priority";
    static final String WORKFLOW_ID = "workflow_id";
    static final String WORKFLOW = "workflow";
    static final String METADATA = "metadata";
    static final String OUTPUT_CONFIG = "output_config";
    static final String TIMEOUT_SECONDS = "timeout_s";
    static final String RETRY_ATTEMPTS = "retry_attempts";
    static final String ATTEMPT = "attempt";
    static final String WEBHOOK_URL = "webhook_url";
    static final String WEBHOOK_SECRET = "webhook_secret";
    static final String INCLUDE_PROGRESS = "include_progress";
    static final String SEED = "seed";
    static final String PROGRESS = "progress";
    static final String WORKER_ID = "worker_id";
    static final String LEASE_UNTIL = "lease_until";
    static final String CANCEL_REQUESTED = "cancel_requested";
    static final String OUTPUTS = "outputs";
    static final String ERROR = "error";
    static final String LOGS = "logs";
    static final String ATTEMPT_FAILURES = "attempt_failures";
    static final String BATCH_ID = "batch_id";
    static final String RETRIED_FROM = "retried_from";
    static final String CLIENT_ID = "client_id";
    static final String IDEMPOTENCY_KEY = "idempotency_key";
    static final String PROMPT_ID = "prompt_id";
    static final String VERSION = "version";
    static final String METRICS = "metrics";
    static final String WATCH = "watch";
    static final String DEADLINE = "deadline";
    static final String EXPIRES_AT = Table.Attributes.EXPIRES_AT;

    /** Values of {@link #WATCH}: what the reaper is watching the job for. */
    static final String WATCH_LEASE = "lease";

    static final String WATCH_ENQUEUE = "enqueue";

    /** How long a pending job may wait for its queue message to be confirmed before the reaper resends it. */
    static final Duration ENQUEUE_GRACE = Duration.ofMinutes(1);
    /** Jobs and their records are kept this long after they are created or finish. */
    static final Duration RETENTION = Duration.ofDays(30);

    private JobItem() {}

    static String ownerStatus(String owner, JobStatus status) {
        return owner + "#" + status.wire();
    }

    static Map<String, AttributeValue> toItem(Job job) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(job.id()));
        item.put(OWNER, s(job.owner()));
        item.put(STATUS, s(job.status().wire()));
        item.put(OWNER_STATUS, s(ownerStatus(job.owner(), job.status())));
        item.put(CREATED_AT, n(job.createdAt().toEpochMilli()));
        item.put(UPDATED_AT, n(job.updatedAt().toEpochMilli()));
        putInstant(item, STARTED_AT, job.startedAt());
        putInstant(item, COMPLETED_AT, job.completedAt());
        item.put(PRIORITY, n(job.priority().value()));
        putString(item, WORKFLOW_ID, job.workflowId());
        item.put(WORKFLOW, s(job.workflow().toString()));
        putJson(item, METADATA, job.metadata());
        putJson(item, OUTPUT_CONFIG, job.outputConfig());
        item.put(TIMEOUT_SECONDS, n(job.execution().timeout().toSeconds()));
        item.put(RETRY_ATTEMPTS, n(job.execution().retryAttempts()));
        item.put(ATTEMPT, n(job.attempt()));
        if (job.notification() != null) {
            putString(item, WEBHOOK_URL, job.notification().webhookUrl());
            putString(item, WEBHOOK_SECRET, job.notification().webhookSecret());
            item.put(
                    INCLUDE_PROGRESS, AttributeValue.fromBool(job.notification().includeProgress()));
        }
        if (job.seed() != null) {
            item.put(SEED, n(job.seed()));
        }
        if (job.progress() != null) {
            item.put(PROGRESS, s(Json.write(job.progress())));
        }
        putString(item, WORKER_ID, job.workerId());
        putInstant(item, LEASE_UNTIL, job.leaseUntil());
        item.put(CANCEL_REQUESTED, AttributeValue.fromBool(job.cancelRequested()));
        item.put(OUTPUTS, s(Json.write(job.outputs())));
        if (job.error() != null) {
            item.put(ERROR, s(Json.write(job.error())));
        }
        item.put(
                LOGS, AttributeValue.fromL(job.logs().stream().map(JobItem::log).toList()));
        if (!job.attemptFailures().isEmpty()) {
            item.put(
                    ATTEMPT_FAILURES,
                    AttributeValue.fromL(job.attemptFailures().stream()
                            .map(JobItem::attemptFailure)
                            .toList()));
        }
        putString(item, BATCH_ID, job.batchId());
        putString(item, RETRIED_FROM, job.retriedFrom());
        putString(item, CLIENT_ID, job.clientId());
        putString(item, IDEMPOTENCY_KEY, job.idempotencyKey());
        putString(item, PROMPT_ID, job.promptId());
        item.put(VERSION, n(job.version()));
        if (job.metrics() != JobMetrics.NONE) {
            item.put(METRICS, s(Json.write(job.metrics())));
        }
        item.put(EXPIRES_AT, n(job.createdAt().plus(RETENTION).getEpochSecond()));
        return item;
    }

    static Job fromItem(Map<String, AttributeValue> item) {
        Notification notification = item.containsKey(WEBHOOK_URL)
                ? new Notification(str(item, WEBHOOK_URL), str(item, WEBHOOK_SECRET), bool(item, INCLUDE_PROGRESS))
                : null;
        return Job.builder()
                .id(str(item, PK))
                .owner(str(item, OWNER))
                .status(JobStatus.fromWire(str(item, STATUS)).orElseThrow())
                .priority(new Priority((int) num(item, PRIORITY)))
                .workflowId(str(item, WORKFLOW_ID))
                .workflow(Workflow.of((ObjectNode) Json.read(str(item, WORKFLOW))))
                .metadata(json(item, METADATA))
                .outputConfig(json(item, OUTPUT_CONFIG))
                .execution(new ExecutionConfig(
                        Duration.ofSeconds(num(item, TIMEOUT_SECONDS)), (int) num(item, RETRY_ATTEMPTS)))
                .notification(notification)
                .seed(item.containsKey(SEED) ? num(item, SEED) : null)
                .attempt((int) num(item, ATTEMPT))
                .createdAt(instant(item, CREATED_AT))
                .updatedAt(instant(item, UPDATED_AT))
                .startedAt(instant(item, STARTED_AT))
                .completedAt(instant(item, COMPLETED_AT))
                .progress(item.containsKey(PROGRESS) ? Json.read(str(item, PROGRESS), Progress.class) : null)
                .workerId(str(item, WORKER_ID))
                .leaseUntil(instant(item, LEASE_UNTIL))
                .cancelRequested(bool(item, CANCEL_REQUESTED))
                .outputs(
                        item.containsKey(OUTPUTS)
                                ? readList(str(item, OUTPUTS), new TypeReference<List<JobOutput>>() {})
                                : List.of())
                .error(item.containsKey(ERROR) ? Json.read(str(item, ERROR), JobFailure.class) : null)
                .logs(logs(item))
                .attemptFailures(attemptFailures(item))
                .batchId(str(item, BATCH_ID))
                .retriedFrom(str(item, RETRIED_FROM))
                .clientId(str(item, CLIENT_ID))
                .idempotencyKey(str(item, IDEMPOTENCY_KEY))
                .promptId(str(item, PROMPT_ID))
                .version(item.containsKey(VERSION) ? num(item, VERSION) : 0)
                .metrics(item.containsKey(METRICS) ? Json.read(str(item, METRICS), JobMetrics.class) : null)
                .build();
    }

    static AttributeValue log(LogEntry entry) {
        return s(Json.write(entry));
    }

    static AttributeValue attemptFailure(AttemptFailure failure) {
        return s(Json.write(failure));
    }

    private static List<AttemptFailure> attemptFailures(Map<String, AttributeValue> item) {
        AttributeValue failures = item.get(ATTEMPT_FAILURES);
        if (failures == null || !failures.hasL()) {
            return List.of();
        }
        return failures.l().stream()
                .map(value -> Json.read(value.s(), AttemptFailure.class))
                .toList();
    }

    private static List<LogEntry> logs(Map<String, AttributeValue> item) {
        AttributeValue logs = item.get(LOGS);
        if (logs == null || !logs.hasL()) {
            return List.of();
        }
        List<LogEntry> entries = new ArrayList<>(logs.l().size());
        for (AttributeValue value : logs.l()) {
            entries.add(Json.read(value.s(), LogEntry.class));
        }
        return entries;
    }

    private static void putString(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static void putInstant(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, n(value.toEpochMilli()));
        }
    }

    private static void putJson(Map<String, AttributeValue> item, String name, JsonNode value) {
        if (value != null && !value.isNull() && !value.isMissingNode()) {
            item.put(name, s(value.toString()));
        }
    }

    private static JsonNode json(Map<String, AttributeValue> item, String name) {
        String value = str(item, name);
        return value == null ? null : Json.read(value);
    }

    private static <T> T readList(String json, TypeReference<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
