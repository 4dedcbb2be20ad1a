package io.comfyless.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.contract.LambdaFunction;
import io.comfyless.contract.Queue;
import io.comfyless.contract.Webhooks;
import io.comfyless.core.json.Json;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.aws.EmulatorClients;
import io.comfyless.testkit.aws.LocalResources;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The event-driven functions invoked as Lambda invokes them, through Spring Cloud Function's
 * {@link FunctionInvoker} with the JSON events AWS sends: SQS batches for {@code webhook},
 * EventBridge events for {@code batch}.
 */
class EventFunctionsIT {

    private static LocalResources resources;
    private static EmulatorClients aws;
    private static final Map<String, String> previous = new HashMap<>();

    @BeforeAll
    static void configure() {
        resources = AwsEmulator.freshResources();
        aws = resources.clients();
        Map<String, String> env = new HashMap<>(resources.environment());
        env.put(Webhooks.ALLOW_INSECURE_ENV_VAR, "true");
        env.forEach((name, value) -> {
            previous.put(name, System.getProperty(name));
            System.setProperty(name, value);
        });
    }

    @AfterAll
    static void restore() {
        previous.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
        aws.close();
    }

    private static JsonNode invoke(String function, String event) throws IOException {
        // Each function is its own application, as each is deployed: MAIN_CLASS names it.
        String application = Arrays.stream(LambdaFunction.values())
                .filter(f -> f.definition().equals(function))
                .findFirst()
                .orElseThrow()
                .application();
        if (!previous.containsKey(LambdaFunction.MAIN_CLASS_VAR)) {
            previous.put(LambdaFunction.MAIN_CLASS_VAR, System.getProperty(LambdaFunction.MAIN_CLASS_VAR));
        }
        System.setProperty(LambdaFunction.MAIN_CLASS_VAR, application);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FunctionInvoker(function)
                .handleRequest(
                        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                        out,
                        LocalLambdaContext.of("req-1", function, Duration.ofSeconds(30)));
        return Json.read(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theWebhookFunctionReportsUndeliveredMessagesAsBatchItemFailures() throws IOException {
        String queue = resources.get(Queue.WEBHOOKS.envVar());
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String unreachable = Json.write(Map.of(
                "tenant",
                "t",
                "job_id",
                "exec_1",
                "url",
                "http://127.0.0.1:" + closedPort + "/hook",
                "event_id",
                "evt_1",
                "event_type",
                "execution.completed",
                "seed001_event",
                "workflow.completed",
                "occurred_at",
                Instant.now().toString(),
                "data",
                Map.of("status", "completed")));
        aws.sqs().sendMessage(r -> r.queueUrl(queue).messageBody(unreachable));
        aws.sqs().sendMessage(r -> r.queueUrl(queue).messageBody("not a webhook"));
        List<Message> received = aws.sqs()
                .receiveMessage(r -> r.queueUrl(queue)
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(1)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                .messages();
        assertThat(received).hasSize(2);
        StringBuilder records = new StringBuilder();
        for (Message message : received) {
            records.append(records.length() == 0 ? "" : ",")
                    .append(Json.write(Map.of(
                            "messageId",
                            message.messageId(),
                            "receiptHandle",
                            message.receiptHandle(),
                            "body",
                            message.body(),
                            "eventSource",
                            "aws:sqs",
                            "attributes",
                            Map.of("ApproximateReceiveCount", "1"))));
        }

        JsonNode response = invoke("webhook", "{\"Records\": [" + records + "]}");

        String retried = received.stream()
                .filter(m -> m.body().equals(unreachable))
                .findFirst()
                .orElseThrow()
                .messageId();
        assertThat(response.get("batchItemFailures").findValuesAsText("itemIdentifier"))
                .containsExactly(retried);
        List<Message> parked = aws.sqs()
                .receiveMessage(r -> r.queueUrl(resources.get(Queue.WEBHOOKS_DLQ.envVar()))
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(1))
                .messages();
        assertThat(parked).extracting(Message::body).containsExactly("not a webhook");
    }

    @Test
    void theBatchFunctionIngestsTheManifestNamedByAnS3Event() throws IOException {
        String bucket = resources.get(io.comfyless.contract.Bucket.ENV_VAR);
        String key = "batches/incoming/acme/two.jsonl";
        String etag = aws.s3()
                .putObject(
                        r -> r.bucket(bucket).key(key),
                        RequestBody.fromString(
                                "{\"workflow_id\": \"model_free_v1\"}\n{\"workflow_id\": \"model_free_v1\"}\n"))
                .eTag();
        String event = Json.write(Map.of(
                "version",
                "0",
                "id",
                "e-1",
                "source",
                "aws.s3",
                "detail-type",
                "Object Created",
                "account",
                "000000000000",
                "region",
                "us-east-1",
                "time",
                "2025-01-01T00:00:00Z",
                "resources",
                List.of(),
                "detail",
                Map.of(
                        "bucket",
                        Map.of("name", bucket),
                        "object",
                        Map.of("key", key, "etag", etag.replace("\"", "")))));

        JsonNode ingested = invoke("batch", event);
        JsonNode ignored = invoke("batch", event.replace(key, "batches/incoming/acme/readme.txt"));

        assertThat(ingested.get("batch_id").asText()).startsWith("batch_");
        assertThat(ingested.get("jobs").asInt()).isEqualTo(2);
        assertThat(ignored.get("ignored").asBoolean()).isTrue();
    }
}
