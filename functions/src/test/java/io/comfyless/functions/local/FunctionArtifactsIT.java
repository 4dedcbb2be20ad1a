package io.comfyless.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.LambdaFunction;
import io.comfyless.contract.Live;
import io.comfyless.testkit.aws.AwsEmulator;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each function's own jar, as deployed, starts in a fresh JVM and answers an event: proof that it
 * carries every class its request path loads, although it leaves out what other functions need.
 */
class FunctionArtifactsIT {

    private static final Map<LambdaFunction, String> EVENTS = Map.of(
            LambdaFunction.API,
            "{\"version\":\"2.0\",\"rawPath\":\"/health\",\"requestContext\":{\"http\":{\"method\":\"GET\"}}}",
            LambdaFunction.BATCH,
            "{\"detail\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"not-a-manifest.txt\"}}}",
            LambdaFunction.WEBHOOK,
            "{\"Records\":[]}",
            LambdaFunction.REAPER,
            "{\"source\":\"aws.events\",\"detail\":{}}",
            LambdaFunction.SCHEDULE,
            "{\"tenant\":\"t\",\"schedule_id\":\"s\",\"template_id\":\"absent\",\"scheduled_time\":\"2024-01-01T00:00:00Z\"}",
            LambdaFunction.WEBSOCKET,
            "{\"requestContext\":{\"routeKey\":\"$default\",\"connectionId\":\"c-absent\"},"
                    + "\"body\":\"{\\\"type\\\":\\\"ping\\\"}\"}",
            LambdaFunction.FANOUT,
            "{\"Records\":[]}");

    private static final Map<LambdaFunction, String> ANSWERS = Map.of(
            LambdaFunction.API, "\"statusCode\":200",
            LambdaFunction.BATCH, "\"ignored\":true",
            LambdaFunction.WEBHOOK, "\"batchItemFailures\":[]",
            LambdaFunction.REAPER, "{",
            LambdaFunction.SCHEDULE, "\"skipped\":true",
            LambdaFunction.WEBSOCKET, "\"statusCode\":200",
            LambdaFunction.FANOUT, "\"batchItemFailures\":[]");

    @ParameterizedTest
    @EnumSource(LambdaFunction.class)
    void startsFromItsOwnJarAndAnswers(LambdaFunction function) throws Exception {
        Path jar = Path.of("target", function.artifact());
        ProcessBuilder launch = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        jar + File.pathSeparator + Path.of("target", "test-classes"),
                        ArtifactLaunch.class.getName(),
                        EVENTS.get(function))
                .redirectErrorStream(true);
        launch.environment().putAll(AwsEmulator.freshResources().environment());
        launch.environment().put(LambdaFunction.MAIN_CLASS_VAR, function.application());
        launch.environment().put(LambdaFunction.DEFINITION_VAR, function.definition());
        // Where the fan-out posts; an empty batch posts nothing, but the client is built.
        launch.environment().put(Live.ENDPOINT_ENV_VAR, "http://127.0.0.1:9/live");

        Process process = launch.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ended = process.waitFor(120, TimeUnit.SECONDS);

        assertThat(Files.isRegularFile(jar)).as("built by the package phase").isTrue();
        assertThat(ended).isTrue();
        assertThat(output).doesNotContain("NoClassDefFoundError").contains("ANSWER ");
        assertThat(output.substring(output.indexOf("ANSWER "))).contains(ANSWERS.get(function));
        assertThat(process.exitValue()).isZero();
    }
}
