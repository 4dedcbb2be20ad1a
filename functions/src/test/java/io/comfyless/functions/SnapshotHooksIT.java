package io.comfyless.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.LambdaFunction;
import io.comfyless.core.config.AwsCallCounter;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.json.Json;
import io.comfyless.testkit.aws.AwsEmulator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SnapStart hooks, invoked directly as the CRaC runtime would: priming goes through each
 * function's request path and reaches AWS, but writes nothing; after a restore the function still
 * answers.
 */
class SnapshotHooksIT {

    private static final Set<String> WRITES = Set.of(
            "DynamoDb.PutItem",
            "DynamoDb.UpdateItem",
            "DynamoDb.DeleteItem",
            "DynamoDb.TransactWriteItems",
            "DynamoDb.BatchWriteItem",
            "Sqs.SendMessage",
            "Sqs.SendMessageBatch",
            "Sqs.DeleteMessage",
            "EventBridge.PutEvents",
            "S3.PutObject");

    private static RuntimeConfig config;
    private static AwsCallCounter calls;
    private static AwsClients aws;

    @BeforeAll
    static void provision() {
        config = RuntimeConfig.from(AwsEmulator.freshResources().environment()::get);
        calls = new AwsCallCounter();
        aws = new AwsClients(config, List.of(calls));
    }

    @AfterAll
    static void close() {
        aws.close();
    }

    @ParameterizedTest
    @EnumSource(LambdaFunction.class)
    void primingReachesAwsAndWritesNothing(LambdaFunction function) {
        LambdaApplication.Deployed<?, ?> deployed = application(function).build(config, aws, Clock.systemUTC());
        AwsCallCounter.Snapshot before = calls.snapshot();

        new SnapshotHooks(function.definition(), deployed.primer()).beforeCheckpoint(null);

        AwsCallCounter.Snapshot primed = calls.snapshot().since(before);
        assertThat(primed.total()).as("AWS calls while priming").isPositive();
        assertThat(primed.byOperation().keySet()).doesNotContainAnyElementsOf(WRITES);
    }

    @Test
    void aRestoredApiAnswersASubmission() {
        ApiFunction api = (ApiFunction)
                new ApiLambda().build(config, aws, Clock.systemUTC()).function();
        SnapshotHooks hooks = new SnapshotHooks("api", () -> ApiPrimer.prime(api));
        hooks.beforeCheckpoint(null);

        hooks.afterRestore(null);
        var answer = api.apply(new ByteArrayInputStream(submission().getBytes(StandardCharsets.UTF_8)));

        assertThat(answer.getStatusCode()).isEqualTo(202);
        assertThat(Json.read(answer.getBody()).path("execution_id").asText()).startsWith("exec_");
    }

    private static LambdaApplication<?, ?> application(LambdaFunction function) {
        return switch (function) {
            case API -> new ApiLambda();
            case BATCH -> new BatchLambda();
            case WEBHOOK -> new WebhookLambda();
            case REAPER -> new ReaperLambda();
            case SCHEDULE -> new ScheduleLambda();
            case WEBSOCKET -> new WebSocketLambda();
            case FANOUT -> new FanOutLambda();
        };
    }

    private static String submission() {
        var event = Json.object();
        event.put("version", "2.0");
        event.put("rawPath", "/v1/workflows/execute");
        event.putObject("headers").put("content-type", "application/json");
        var http = event.putObject("requestContext").putObject("http");
        http.put("method", "POST");
        http.put("sourceIp", "127.0.0.1");
        event.put(
                "body",
                "{\"workflow\":{\"1\":{\"class_type\":\"EmptyImage\",\"inputs\":{\"width\":8,\"height\":8,"
                        + "\"batch_size\":1,\"color\":0}},\"2\":{\"class_type\":\"SaveImage\",\"inputs\":{\"images\":[\"1\",0]}}}}");
        return Json.write(event);
    }
}
