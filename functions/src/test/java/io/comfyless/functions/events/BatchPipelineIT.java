package io.comfyless.functions.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.contract.Queue;
import io.comfyless.core.batch.Batch;
import io.comfyless.core.batch.BatchFinisher;
import io.comfyless.core.batch.BatchIds;
import io.comfyless.core.batch.BatchSource;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Done criterion (1): a 1000-line manifest with 3 bad lines, uploaded to the emulated bucket, runs
 * through S3 -> EventBridge -> batch-events queue -> batch ingest -> runners against the ComfyUI
 * double, and ends with 997 completed jobs, a results manifest listing them and an error report
 * naming the 3 bad lines. Then the same S3 event, delivered again, creates nothing.
 */
class BatchPipelineIT {

    private static final int LINES = 1000;
    private static final Set<Long> BAD_LINES = Set.of(10L, 500L, 1000L);
    private static final String GOOD = "{\"workflow_id\": \"model_free_v1\", \"input_overrides\":"
            + " {\"1.width\": 8, \"1.height\": 8, \"3.width\": 8, \"3.height\": 8}, \"metadata\": {\"line\": %d}}";

    private static EventStack stack;

    @BeforeAll
    static void start() {
        stack = new EventStack(4);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static String manifest() {
        StringBuilder text = new StringBuilder();
        for (long line = 1; line <= LINES; line++) {
            if (line == 10) {
                text.append("{\"workflow_id\": \"model_free_v1\", oops}");
            } else if (line == 500) {
                text.append("{\"workflow_id\": \"no_such_template\"}");
            } else if (line == 1000) {
                text.append(
                        "{\"workflow\": {\"1\": {\"class_type\": \"VAEDecode\", \"inputs\": {\"samples\": [\"7\", 0]}}}}");
            } else {
                text.append(GOOD.formatted(line));
            }
            text.append('\n');
        }
        return text.toString();
    }

    @Test
    void aThousandLineManifestRunsToCompletionAndReportsItsBadLines() {
        String key = "batches/incoming/default/thousand.jsonl";
        String bucket = stack.config.bucket();
        String etag = stack.aws
                .s3()
                .putObject(
                        r -> r.bucket(bucket).key(key).contentType("application/x-ndjson"),
                        RequestBody.fromString(manifest(), StandardCharsets.UTF_8))
                .eTag();
        String batchId =
                BatchIds.batchId(BatchSource.of(bucket, key, etag, null).orElseThrow());

        await().atMost(Duration.ofMinutes(8))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> stack.adapters
                        .batchStore()
                        .find(batchId)
                        .map(b -> Batch.COMPLETED.equals(b.status()))
                        .orElse(false));

        Batch batch = stack.adapters.batchStore().find(batchId).orElseThrow();
        assertThat(batch.lines()).isEqualTo(1000);
        assertThat(batch.accepted()).isEqualTo(997);
        assertThat(batch.rejected()).isEqualTo(3);
        assertThat(stack.adapters.batchStore().countByStatus(batchId))
                .containsEntry(JobStatus.COMPLETED, 997L)
                .containsEntry(JobStatus.FAILED, 0L)
                .containsEntry(JobStatus.PENDING, 0L)
                .containsEntry(JobStatus.RUNNING, 0L);

        List<JsonNode> results = jsonLines(BatchFinisher.resultsKey(batchId));
        assertThat(results).hasSize(997);
        assertThat(results).allSatisfy(line -> {
            assertThat(line.get("status").asText()).isEqualTo("completed");
            assertThat(line.get("outputs")).hasSize(1);
            assertThat(line.get("outputs").get(0).asText())
                    .startsWith("outputs/" + line.get("execution_id").asText() + "/1/");
            assertThat(line.get("execution_id").asText())
                    .isEqualTo(BatchIds.jobId(batchId, line.get("line").asLong()));
        });
        assertThat(results)
                .extracting(line -> line.get("line").asLong())
                .doesNotContainAnyElementsOf(BAD_LINES)
                .isSorted()
                .doesNotHaveDuplicates();

        List<JsonNode> errors = jsonLines(batch.errorsKey());
        assertThat(errors).extracting(line -> line.get("line").asLong()).containsExactly(10L, 500L, 1000L);
        assertThat(errors.get(0).get("message").asText()).contains("line 10");
        assertThat(errors.get(1).get("code").asText()).isEqualTo("UNKNOWN_WORKFLOW");
        assertThat(errors.get(2).get("message").asText())
                .contains("Node '1' (VAEDecode) input 'samples' links to node '7'");

        redeliverTheSameS3Event(bucket, key, etag);
        await().atMost(Duration.ofSeconds(30)).until(BatchPipelineIT::batchEventsDrained);
        assertThat(stack.adapters.batchStore().countByStatus(batchId).values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .as("no job created twice")
                .isEqualTo(997);
        assertThat(stack.adapters.batchStore().find(batchId).orElseThrow()).isEqualTo(batch);
    }

    /** What EventBridge would deliver again: the rule's target gets the same S3 event a second time. */
    private static void redeliverTheSameS3Event(String bucket, String key, String etag) {
        String event = Json.write(Map.of(
                "version",
                "0",
                "source",
                "aws.s3",
                "detail-type",
                "Object Created",
                "detail",
                Map.of(
                        "bucket",
                        Map.of("name", bucket),
                        "object",
                        Map.of("key", key, "etag", etag.replace("\"", "")))));
        stack.aws
                .sqs()
                .sendMessage(r ->
                        r.queueUrl(stack.config.queueUrl(Queue.BATCH_EVENTS)).messageBody(event));
    }

    private static boolean batchEventsDrained() {
        Map<QueueAttributeName, String> attributes = stack.aws
                .sqs()
                .getQueueAttributes(r -> r.queueUrl(stack.config.queueUrl(Queue.BATCH_EVENTS))
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                && "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static List<JsonNode> jsonLines(String key) {
        Optional<byte[]> bytes = stack.adapters.blobStore().get(key);
        assertThat(bytes).as(key).isPresent();
        List<JsonNode> lines = new ArrayList<>();
        new String(bytes.get(), StandardCharsets.UTF_8).lines().forEach(line -> lines.add(Json.read(line)));
        return lines;
    }
}
