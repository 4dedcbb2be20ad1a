package io.comfyless.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.contract.Bucket;
import io.comfyless.core.batch.BatchFinisher;
import io.comfyless.core.batch.BatchIds;
import io.comfyless.core.batch.BatchSource;
import io.comfyless.core.json.Json;
import io.comfyless.local.stack.LocalStack;
import io.comfyless.testkit.aws.ProjectRoot;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** The product end to end over HTTP: local gateway, API function, queue, runner, ComfyUI double, S3. */
class LocalStackIT {

    private static LocalStack stack;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        stack = LocalStack.start(new LocalStack.Options(
                0,
                2,
                Optional.empty(),
                false,
                "e2e" + UUID.randomUUID().toString().substring(0, 6)));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static JsonNode call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return Json.read(
                http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void aSubmittedWorkflowEndsAsAPngBehindAPresignedUrlWithTheExpectedPixels() throws Exception {
        String workflow = """
                {"workflow": {
                  "1": {"class_type": "EmptyImage", "inputs": {"width": 64, "height": 32, "batch_size": 1, "color": 16711680}},
                  "2": {"class_type": "ImageInvert", "inputs": {"image": ["1", 0]}},
                  "3": {"class_type": "SaveImage", "inputs": {"images": ["2", 0], "filename_prefix": "e2e/run"}}}}
                """;
        String id = call("POST", "/v1/workflows/execute", workflow)
                .get("execution_id")
                .asText();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> call("GET", "/v1/workflows/" + id + "/status", null)
                        .get("status")
                        .asText()
                        .equals("completed"));

        JsonNode results = call("GET", "/v1/workflows/" + id + "/results", null);
        JsonNode output = results.get("results").get("outputs").get(0);
        JsonNode cost = results.get("execution_metrics").get("cost_breakdown");
        assertThat(cost.get("price_source").asText())
                .as("the local stack's stand-in price")
                .isEqualTo("local");
        assertThat(cost.get("gpu_compute").asDouble()).isPositive();
        assertThat(cost.get("total").asDouble()).isPositive();
        assertThat(call("GET", "/v1/workflows/" + id, null)
                        .get("cost")
                        .get("price_source")
                        .asText())
                .isEqualTo("local");
        HttpResponse<byte[]> png = http.send(
                HttpRequest.newBuilder(
                                URI.create(output.get("storage").get("url").asText()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(image.getWidth()).isEqualTo(64);
        assertThat(image.getHeight()).isEqualTo(32);
        assertThat(image.getRGB(5, 5) & 0xFFFFFF).isEqualTo(0x00FFFF);
        assertThat(output.get("file_info").get("dimensions").asText()).isEqualTo("64x32");
    }

    @Test
    void executeWithWaitAnswersWithTheResultsOfAJobThatFinishesInTime() throws Exception {
        String workflow = """
                {"workflow": {
                  "1": {"class_type": "EmptyImage", "inputs": {"width": 16, "height": 16, "batch_size": 1, "color": 255}},
                  "2": {"class_type": "SaveImage", "inputs": {"images": ["1", 0], "filename_prefix": "e2e/wait"}}}}
                """;

        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/v1/workflows/execute?wait=25"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(workflow))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode results = Json.read(answer.body());
        assertThat(results.get("status").asText()).isEqualTo("completed");
        JsonNode output = results.get("results").get("outputs").get(0);
        HttpResponse<byte[]> png = http.send(
                HttpRequest.newBuilder(
                                URI.create(output.get("storage").get("url").asText()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(ImageIO.read(new ByteArrayInputStream(png.body())).getRGB(3, 3) & 0xFFFFFF)
                .isEqualTo(0x0000FF);
    }

    @Test
    void aManifestUploadedToTheBucketRunsAsABatchWithAResultsManifest() throws Exception {
        String bucket = stack.resources().get(Bucket.ENV_VAR);
        byte[] manifest = Files.readAllBytes(ProjectRoot.find().resolve("samples/batches/model_free_sweep.jsonl"));
        String key = "batches/incoming/default/sweep.jsonl";
        String etag = stack.adapters()
                .aws()
                .s3()
                .putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(manifest))
                .eTag();
        String results = BatchFinisher.resultsKey(
                BatchIds.batchId(BatchSource.of(bucket, key, etag, null).orElseThrow()));

        await().atMost(Duration.ofSeconds(120))
                .until(() -> stack.adapters().blobStore().exists(results));

        String lines = new String(
                stack.adapters().blobStore().get(results).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(lines.lines()).hasSize(4).allSatisfy(line -> assertThat(line).contains("\"completed\""));
    }

    @Test
    void aManifestPostedToTheApiIsABatchToFollowAtOnceUntilItsResultsManifest() throws Exception {
        String manifest = "{\"workflow_id\": \"model_free_v1\", \"input_overrides\":"
                + " {\"1.width\": 8, \"1.height\": 8, \"3.width\": 8, \"3.height\": 8}}\n"
                + "not a job\n";
        String body =
                Json.object().put("name", "posted").put("manifest", manifest).toString();

        JsonNode started = call("POST", "/v1/batches", body);
        String id = started.get("batch_id").asText();
        JsonNode first = call("GET", "/v1/batches/" + id, null);

        assertThat(started.at("/manifest/key").asText())
                .startsWith("batches/incoming/")
                .endsWith(".jsonl");
        assertThat(first.get("batch_id").asText()).isEqualTo(id);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> call("GET", "/v1/batches/" + id, null)
                        .get("status")
                        .asText()
                        .equals("completed"));
        JsonNode done = call("GET", "/v1/batches/" + id, null);
        assertThat(done.get("jobs").asLong()).isEqualTo(1);
        assertThat(done.get("rejected_lines").asLong()).isEqualTo(1);
        assertThat(done.at("/errors/0/line").asLong()).isEqualTo(2);
        HttpResponse<String> results = http.send(
                HttpRequest.newBuilder(URI.create(done.get("results_url").asText()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(results.statusCode()).isEqualTo(200);
        assertThat(results.body().lines())
                .singleElement()
                .satisfies(line -> assertThat(line).contains("\"completed\""));
    }

    @Test
    void aBatchPostedWithoutAManifestIsRefusedNamingTheField() throws Exception {
        JsonNode refused = call("POST", "/v1/batches", "{\"name\": \"empty\"}");

        assertThat(refused.get("code").asInt()).isEqualTo(400);
        assertThat(refused.at("/details/0/field").asText()).isEqualTo("manifest");
    }

    @Test
    void theBuiltConsoleIsServedOnTheApisOrigin() throws Exception {
        URI console = stack.consoleUrl().orElseThrow();

        HttpResponse<String> page =
                http.send(HttpRequest.newBuilder(console).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(console).isEqualTo(stack.apiUrl().resolve("/console/"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>ComfyLess console</title>", "./assets/index-");
    }

    @Test
    void workersReportThemselvesThroughTheApi() throws Exception {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> call("GET", "/api/v1/workers", null).get("total").asInt() == 2);

        JsonNode metrics = call("GET", "/api/v1/workers/metrics", null);
        JsonNode one = call("GET", "/api/v1/workers/local-runner-1", null);

        assertThat(metrics.get("total_workers").asInt()).isEqualTo(2);
        assertThat(one.get("status").asText()).isIn("starting", "idle", "running");
    }

    @Test
    void theCurlSampleRunsAgainstTheStack() throws Exception {
        Path out = Files.createTempDirectory("curl-sample");
        ProcessOutput result = ProcessOutput.run(
                new ProcessBuilder(
                        "bash",
                        "samples/clients/curl/submit-and-wait.sh",
                        "samples/workflows/model_free_v1.json",
                        out.toString()),
                stack,
                Duration.ofSeconds(120));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("submitted exec_", "completed", "saved ");
        assertThat(Files.list(out).filter(p -> p.toString().endsWith(".png"))).hasSize(1);
    }

    @Test
    void theJavaSampleRunsAgainstTheStack() throws Exception {
        Path out = Files.createTempDirectory("java-sample");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessOutput result = ProcessOutput.run(
                new ProcessBuilder(
                        java,
                        "samples/clients/java/ComfyLessClient.java",
                        "samples/workflows/model_free_v1.json",
                        out.toString()),
                stack,
                Duration.ofSeconds(120));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("status completed");
        assertThat(Files.list(out).filter(p -> p.toString().endsWith(".png"))).hasSize(1);
    }

    @Test
    void thePythonSampleRunsAgainstTheStack() throws Exception {
        Path out = Files.createTempDirectory("python-sample");
        ProcessOutput result = ProcessOutput.run(
                new ProcessBuilder(
                        "python3",
                        "samples/clients/python/comfyless_client.py",
                        "samples/workflows/model_free_v1.json",
                        out.toString()),
                stack,
                Duration.ofSeconds(120));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(Files.list(out).filter(p -> p.toString().endsWith(".png"))).hasSize(1);
    }

    @Test
    void theJavaScriptSampleRunsAgainstTheStack() throws Exception {
        Path out = Files.createTempDirectory("js-sample");
        ProcessOutput result = ProcessOutput.run(
                new ProcessBuilder(
                        "node",
                        "samples/clients/javascript/comfyless-client.mjs",
                        "samples/workflows/model_free_v1.json",
                        out.toString()),
                stack,
                Duration.ofSeconds(120));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(Files.list(out).filter(p -> p.toString().endsWith(".png"))).hasSize(1);
    }

    @Test
    void thePythonFollowSampleFollowsTheJobOverTheWebSocket() throws Exception {
        Path out = Files.createTempDirectory("python-follow");
        ProcessOutput result = ProcessOutput.run(
                new ProcessBuilder(
                        "python3",
                        "samples/clients/python/follow.py",
                        "samples/workflows/model_free_v1.json",
                        out.toString()),
                stack,
                Duration.ofSeconds(120));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("following live over ws://")
                .contains("complete")
                .doesNotContain("polling");
        assertThat(Files.list(out).filter(p -> p.toString().endsWith(".png"))).hasSize(1);
    }

    @Test
    void theJavaScriptFollowSampleFollowsTheJobOverTheWebSocket() throws Exception {
        Path out = Files.createTempDirectory("js-follow");
        List<String> command = new ArrayList<>(nodeWithWebSocket());
        command.addAll(List.of(
                "samples/clients/javascript/follow.mjs", "samples/workflows/model_free_v1.json", out.toString()));
        ProcessOutput result = ProcessOutput.run(new ProcessBuilder(command), stack, Duration.ofSeconds(120));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("following live over ws://")
                .contains("complete")
                .doesNotContain("polling");
        assertThat(Files.list(out).filter(p -> p.toString().endsWith(".png"))).hasSize(1);
    }

    /**
     * {@code node}, with the flag Node.js 20 needs for its WebSocket (22 and later have it built in).
     * Node.js 18 has none at all: the sample would only poll, so there is nothing to test.
     */
    private static List<String> nodeWithWebSocket() throws Exception {
        for (List<String> node : List.of(List.of("node"), List.of("node", "--experimental-websocket"))) {
            List<String> probe = new ArrayList<>(node);
            probe.addAll(List.of("-e", "process.exit(typeof WebSocket === 'function' ? 0 : 1)"));
            Process process =
                    new ProcessBuilder(probe).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            if (process.waitFor() == 0) {
                return node;
            }
        }
        Assumptions.abort("This Node.js has no WebSocket (it needs 22, or 20 with --experimental-websocket)");
        return List.of();
    }
}
