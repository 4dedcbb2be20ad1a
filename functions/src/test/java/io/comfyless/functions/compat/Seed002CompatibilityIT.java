package io.comfyless.functions.compat;

import static io.comfyless.functions.compat.Seed001CompatibilityIT.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.contract.Settings;
import io.comfyless.contract.Webhooks;
import io.comfyless.core.json.Json;
import io.comfyless.core.tenant.Tier;
import io.comfyless.core.webhook.WebhookSigner;
import io.comfyless.testkit.comfyui.NodeTarget;
import io.comfyless.testkit.fixtures.SeedRequests;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The execution API's examples as written ({@code /v1/workflows/execute} and its status, cancel,
 * results and queue routes, its error, rate-limit and version headers, its webhook payloads and the
 * signature check it prints), against the whole stack with authentication on.
 */
class Seed002CompatibilityIT {

    private static final String OPERATOR = "op" + UUID.randomUUID().toString().substring(0, 8);
    private static final String SECRET = "webhook_signature_secret";

    private static CompatStack stack;
    private static DocumentClient client;
    private static WebhookSink sink;

    @BeforeAll
    static void start() {
        stack = CompatStack.start(true, 1, Map.of(Settings.OPERATOR_TENANTS, OPERATOR));
        client = new DocumentClient(stack.url())
                .bearer(stack.newTenantKey(OPERATOR, Tier.ENTERPRISE).secret());
        sink = new WebhookSink();
    }

    @AfterAll
    static void stop() {
        sink.close();
        stack.close();
    }

    /** The document's body with its graph swapped for one the ComfyUI double runs, and its webhook sent here. */
    private static String runnableBody(String classType) {
        ObjectNode body = (ObjectNode) Json.read(SeedRequests.seed002Execute());
        ObjectNode nodes = (ObjectNode)
                Json.read(
                        "{\"1\": {\"class_type\": \"EmptyImage\", \"inputs\": {\"width\": 64,"
                                + " \"height\": 64, \"batch_size\": 1, \"color\": 0}}, \"2\": {\"class_type\": \""
                                + classType + "\","
                                + " \"inputs\": {\"image\": [\"1\", 0]"
                                + (classType.equals("ImageBlur") ? ", \"blur_radius\": 1, \"sigma\": 1.0" : "")
                                + "}}, \"3\": {\"class_type\": \"SaveImage\", \"inputs\": {\"images\": [\"2\", 0], \"filename_prefix\": \"compat\"}}}");
        ((ObjectNode) body.get("workflow")).set("nodes", nodes);
        body.remove("input_overrides");
        ((ObjectNode) body.get("notification_config")).put("webhook_url", sink.url());
        return body.toString();
    }

    private static String submit(String body) {
        DocumentClient.Reply accepted = client.post("/v1/workflows/execute", body);
        assertThat(accepted.status()).isEqualTo(202);
        return accepted.json().get("execution_id").asText();
    }

    private static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> client.get("/v1/workflows/" + id + "/status")
                                .json()
                                .get("status")
                                .asText(),
                        status::equals);
    }

    @Test
    void theDocumentsOwnExampleGetsTheValidationErrorItsErrorExampleShows() {
        DocumentClient.Reply refused = client.post("/v1/workflows/execute", SeedRequests.seed002Execute());

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("status").asText()).isEqualTo("error");
        assertThat(refused.json().get("error_code").asText()).isEqualTo("WORKFLOW_VALIDATION_FAILED");
        assertThat(refused.json().get("message").asText()).startsWith("Workflow validation failed");
        assertThat(refused.json().get("details").get(0).get("node_id").asText()).isEqualTo("2");
    }

    @Test
    void aRunnableBodyIsAcceptedWithEveryAnswerField() {
        DocumentClient.Reply accepted = client.post(
                "/v1/workflows/execute",
                runnableBody("ImageInvert"),
                Map.of("X-Client-ID", "client-1", "X-Request-ID", "idem-" + UUID.randomUUID()));

        assertThat(accepted.status()).isEqualTo(202);
        JsonNode body = accepted.json();
        String id = body.get("execution_id").asText();
        assertThat(body.get("status").asText()).isEqualTo("accepted");
        assertThat(body.get("queue_position").isIntegralNumber()).isTrue();
        assertThat(body.get("estimated_duration").isIntegralNumber()).isTrue();
        assertThat(body.get("estimated_start_time").asText()).isNotBlank();
        assertThat(body.get("estimated_completion_time").asText()).isNotBlank();
        assertThat(body.get("webhook_url").asText()).isEqualTo(sink.url());
        assertThat(body.get("status_url").asText()).isEqualTo("/v1/workflows/" + id + "/status");
        assertThat(body.get("cancel_url").asText()).isEqualTo("/v1/workflows/" + id + "/cancel");
        assertThat(accepted.header("API-Version")).hasValue("v1");
        assertThat(accepted.header("API-Deprecated")).hasValue("false");
        assertThat(accepted.header("X-RateLimit-Limit")).isPresent();
        assertThat(accepted.header("X-RateLimit-Remaining")).isPresent();
        assertThat(accepted.header("X-RateLimit-Reset")).isPresent();
        assertThat(accepted.header("X-RateLimit-Retry-After")).hasValue("0");
    }

    @Test
    void aMissingOrInvalidKeyIs401InTheErrorShape() {
        DocumentClient.Reply refused = new DocumentClient(stack.url())
                .bearer("comfyui_sk_1234567890abcdef")
                .post("/v1/workflows/execute", runnableBody("ImageInvert"));

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("status").asText()).isEqualTo("error");
        assertThat(refused.json().get("error_code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(refused.json().get("message").asText()).isNotBlank();
        assertThat(refused.json().get("timestamp").asText()).isNotBlank();
    }

    @Test
    void overTheRequestWindowIs429WithRetryDetailsAndHeaders() {
        DocumentClient basic = new DocumentClient(stack.url())
                .bearer(stack.newTenantKey("b" + UUID.randomUUID().toString().substring(0, 8), Tier.BASIC)
                        .secret());
        DocumentClient.Reply reply = null;
        for (int i = 0; i <= Tier.BASIC.requestsPerWindow(); i++) {
            reply = basic.get("/v1/queue/status");
        }

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.json().get("status").asText()).isEqualTo("error");
        assertThat(reply.json().get("error_code").asText()).isEqualTo("RATE_LIMIT_EXCEEDED");
        JsonNode retry = reply.json().get("retry_info");
        assertThat(retry.get("retry_after").asLong()).isPositive();
        assertThat(retry.get("retryable").asBoolean()).isTrue();
        assertThat(retry.get("requests_per_minute").asInt()).isEqualTo(Tier.BASIC.requestsPerWindow());
        assertThat(reply.header("X-RateLimit-Retry-After"))
                .hasValue(retry.get("retry_after").asText());
        assertThat(reply.header("Retry-After")).isPresent();
        assertThat(reply.header("X-RateLimit-Remaining")).hasValue("0");
    }

    @Test
    void statusShowsProgressTheRunnerTheLogAndMetricsAndDeleteCancelsIt() {
        stack.comfyuis.get(0).faults().delay(NodeTarget.ofClass("ImageBlur"), Duration.ofSeconds(20));
        try {
            String id = submit(runnableBody("ImageBlur"));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> client.get("/v1/workflows/" + id + "/status")
                                    .json()
                                    .get("progress")
                                    .asDouble()
                            > 0);

            JsonNode status = client.get("/v1/workflows/" + id + "/status").json();
            assertThat(status.get("status").asText()).isEqualTo("running");
            assertThat(status.get("progress").asDouble()).isBetween(0.0, 1.0);
            assertThat(status.get("current_node").asText()).isEqualTo("ImageBlur");
            assertThat(fields(status))
                    .contains(
                            "execution_id",
                            "current_step",
                            "total_steps",
                            "submitted_at",
                            "started_at",
                            "estimated_completion",
                            "estimated_remaining",
                            "resource_allocation",
                            "execution_log",
                            "metrics");
            assertThat(status.get("resource_allocation").get("gpu_id").asText()).isEqualTo("runner-1");
            assertThat(fields(status.get("resource_allocation"))).contains("container_id", "gpu_memory_total");
            JsonNode event = status.get("execution_log").get(0);
            assertThat(fields(event)).contains("timestamp", "event", "message");
            assertThat(status.get("metrics").get("total_nodes").asInt()).isEqualTo(3);
            assertThat(status.get("metrics").has("completed_nodes")).isTrue();

            DocumentClient.Reply cancelled = client.delete("/v1/workflows/" + id + "/cancel");
            assertThat(cancelled.status()).isIn(200, 202);
            assertThat(cancelled.json().get("execution_id").asText()).isEqualTo(id);
            assertThat(fields(cancelled.json())).contains("status", "reason", "refund_eligible", "partial_results");
            assertThat(fields(cancelled.json().get("partial_results")))
                    .contains("available", "completed_nodes", "total_nodes");
            awaitStatus(id, "cancelled");
            JsonNode after = client.delete("/v1/workflows/" + id + "/cancel").json();
            assertThat(after.get("error").asText()).isEqualTo("conflict");
        } finally {
            stack.comfyuis.get(0).faults().clear();
        }
    }

    @Test
    void theDeprecatedPostCancelSaysSoInItsHeaders() {
        String id = submit(runnableBody("ImageInvert"));

        DocumentClient.Reply cancelled = client.post("/v1/workflows/" + id + "/cancel", "");

        assertThat(cancelled.header("API-Deprecated")).hasValue("true");
        assertThat(cancelled.header("API-Sunset")).hasValue("2027-06-30");
        assertThat(cancelled.header("Sunset")).isPresent();
    }

    @Test
    void resultsCarryPresignedOutputsAndExecutionMetricsWithALocallyPricedCost() throws Exception {
        String id = submit(runnableBody("ImageInvert"));
        awaitStatus(id, "completed");

        JsonNode results = client.get("/v1/workflows/" + id + "/results?include_metadata=true&download_format=urls")
                .json();

        assertThat(results.get("status").asText()).isEqualTo("completed");
        assertThat(fields(results))
                .contains("execution_id", "completed_at", "execution_time", "results", "execution_metrics");
        JsonNode output = results.get("results").get("outputs").get(0);
        assertThat(output.get("output_type").asText()).isEqualTo("IMAGE");
        assertThat(fields(output.get("file_info"))).contains("filename", "size_bytes", "dimensions", "format");
        assertThat(output.get("file_info").get("dimensions").asText()).isEqualTo("64x64");
        assertThat(fields(output.get("storage"))).contains("provider", "bucket", "key", "url", "expires_at");
        assertThat(download(output.get("storage").get("url").asText())).isEqualTo(200);
        assertThat(fields(results.get("results").get("metadata")))
                .contains("total_outputs", "total_size_bytes", "generation_seed");
        JsonNode metrics = results.get("execution_metrics");
        assertThat(fields(metrics))
                .contains(
                        "total_time",
                        "queue_time",
                        "processing_time",
                        "gpu_time",
                        "memory_peak",
                        "gpu_utilization_avg",
                        "cost_breakdown");
        assertThat(metrics.get("gpu_time").asDouble()).isPositive();
        assertThat(metrics.get("memory_peak").isNull())
                .as("no GPU beside the double")
                .isTrue();
        JsonNode cost = metrics.get("cost_breakdown");
        assertThat(fields(cost)).contains("gpu_compute", "storage", "bandwidth", "total");
        assertThat(cost.get("price_source").asText()).isEqualTo("local");
        assertThat(cost.get("gpu_compute").asDouble()).isPositive();
        assertThat(cost.get("total").asDouble())
                .isCloseTo(
                        cost.get("gpu_compute").asDouble()
                                + cost.get("storage").asDouble()
                                + cost.get("bandwidth").asDouble(),
                        Offset.offset(1e-7));
    }

    @Test
    void queueStatusShowsQueueCapacityAndBreakdown() {
        JsonNode queue = client.get("/v1/queue/status").json();

        assertThat(fields(queue.get("queue_status")))
                .contains("total_queued", "total_processing", "avg_wait_time", "avg_processing_time");
        assertThat(fields(queue.get("system_capacity")))
                .contains(
                        "total_gpu_nodes",
                        "available_gpu_nodes",
                        "total_gpu_memory",
                        "available_gpu_memory",
                        "utilization");
        assertThat(queue.get("system_capacity").get("total_gpu_nodes").asInt()).isPositive();
        assertThat(queue.get("queue_breakdown").findValuesAsText("priority")).containsExactly("8", "5", "2");
        assertThat(fields(queue.get("queue_breakdown").get(0))).contains("count", "avg_wait_time");
    }

    @Test
    void aCompletedJobsWebhookCarriesOutputUrlsMetricsAndASignatureTheDocumentsCodeAccepts() throws Exception {
        String id = submit(runnableBody("ImageInvert"));

        WebhookSink.Delivery delivery = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> sink.first(
                                body -> id.equals(body.path("execution_id").asText())
                                        && "execution.completed"
                                                .equals(body.path("event_type").asText())),
                        Optional::isPresent)
                .orElseThrow();

        JsonNode body = delivery.json();
        assertThat(fields(body))
                .contains(
                        "event_type",
                        "event_id",
                        "timestamp",
                        "execution_id",
                        "data",
                        "signature",
                        "delivery_attempt",
                        "max_retries");
        assertThat(body.get("delivery_attempt").asInt()).isEqualTo(1);
        JsonNode data = body.get("data");
        assertThat(data.get("status").asText()).isEqualTo("completed");
        assertThat(data.get("execution_time").isNumber()).isTrue();
        assertThat(data.get("results").get("output_count").asInt()).isEqualTo(1);
        assertThat(download(data.get("results").get("output_urls").get(0).asText()))
                .isEqualTo(200);
        assertThat(fields(data.get("metrics"))).contains("gpu_time", "memory_peak", "cost");
        assertThat(data.get("metrics").get("cost").asDouble()).isPositive();
        assertThat(body.get("event").asText()).as("the workflow events' name").isEqualTo("workflow.completed");
        assertThat(body.get("workflow_result").get("outputs").get("images")).hasSize(1);
        assertThat(verifiedByTheDocumentsCode(delivery.body(), SECRET)).isTrue();
        assertThat(verifiedByTheDocumentsCode(delivery.body(), "another secret"))
                .isFalse();
        assertThat(WebhookSigner.verify(
                        SECRET,
                        Long.parseLong(delivery.header(Webhooks.TIMESTAMP_HEADER)),
                        delivery.body(),
                        delivery.header(Webhooks.SIGNATURE_HEADER)))
                .as("the timestamped scheme in its own headers")
                .isTrue();
    }

    @Test
    void subscribersReceiveMaintenanceAndCapacityEventsSignedWithTheirSecret() throws Exception {
        DocumentClient.Reply subscribed = client.put(
                "/v1/webhooks",
                "{\"url\": \"" + sink.url()
                        + "\", \"events\": [\"system.maintenance\", \"system.capacity\", \"model.updated\"]}");
        assertThat(subscribed.status()).isEqualTo(200);
        String tenantSecret =
                client.get("/v1/webhooks/secret").json().get("webhook_secret").asText();

        DocumentClient.Reply announced = client.post(
                "/v1/system/maintenance",
                "{\"message\": \"Database upgrade\", \"starts_at\": \"2030-01-01T02:00:00Z\"}");
        stack.addRunner();

        assertThat(announced.status()).isEqualTo(202);
        WebhookSink.Delivery maintenance = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> sink.first(b ->
                                "system.maintenance".equals(b.path("event_type").asText())),
                        Optional::isPresent)
                .orElseThrow();
        assertThat(maintenance.json().get("data").get("message").asText()).isEqualTo("Database upgrade");
        assertThat(verifiedByTheDocumentsCode(maintenance.body(), tenantSecret)).isTrue();
        WebhookSink.Delivery capacity = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> sink.first(b ->
                                "system.capacity".equals(b.path("event_type").asText())),
                        Optional::isPresent)
                .orElseThrow();
        assertThat(capacity.json().get("data").get("change").asText()).isEqualTo("runner_started");
        assertThat(verifiedByTheDocumentsCode(capacity.body(), tenantSecret)).isTrue();
    }

    @Test
    void modelsAreListedAndAPreloadWarmsThemOnTheRunners() {
        stack.putModel("checkpoints/sdxl_base_1.0.safetensors", 200_000);
        client.put("/v1/webhooks", "{\"url\": \"" + sink.url() + "\", \"events\": [\"model.updated\"]}");

        JsonNode list = client.get("/v1/models/list?category=checkpoint&limit=50&offset=0")
                .json();
        JsonNode model = list.get("models").get(0);
        assertThat(fields(model))
                .contains("model_id", "name", "category", "file_info", "capabilities", "performance", "availability");
        assertThat(model.get("name").asText()).isEqualTo("sdxl_base_1.0");
        assertThat(model.get("category").asText()).isEqualTo("checkpoint");
        assertThat(fields(model.get("file_info"))).contains("filename", "size_bytes", "hash");
        assertThat(fields(model.get("performance")))
                .contains("memory_requirement", "avg_inference_time", "cache_priority");
        assertThat(fields(model.get("availability"))).contains("regions", "warm_cache", "load_time");
        assertThat(fields(list.get("pagination"))).contains("total", "limit", "offset", "has_more");

        DocumentClient.Reply preloaded = client.post("/v1/models/preload", SeedRequests.seed002Preload());

        assertThat(preloaded.status()).isEqualTo(202);
        assertThat(preloaded.json().get("models").get(0).get("path").asText())
                .isEqualTo("checkpoints/sdxl_base_1.0.safetensors");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.get("/v1/models/list?search=sdxl")
                        .json()
                        .get("models")
                        .get(0)
                        .get("availability")
                        .get("warm_cache")
                        .asBoolean());
        JsonNode warm =
                client.get("/v1/models/list?search=sdxl").json().get("models").get(0);
        assertThat(warm.get("performance").get("cache_priority").asInt()).isEqualTo(9);
        assertThat(warm.get("file_info").get("hash").asText()).startsWith("sha256:");
        assertThat(warm.get("availability").get("pinned_until").asText()).isNotBlank();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> sink.first(b -> "model.updated"
                                        .equals(b.path("event_type").asText())
                                && "loaded".equals(b.path("data").path("change").asText())),
                        Optional::isPresent);
    }

    private static int download(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Runs the document's Python verification function on the body as received. */
    static boolean verifiedByTheDocumentsCode(String body, String secret) throws IOException, InterruptedException {
        Path script = Files.createTempFile("verify_webhook", ".py");
        try (InputStream in = Seed002CompatibilityIT.class.getResourceAsStream("/compat/verify_webhook.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process python = new ProcessBuilder("python3", script.toString(), secret)
                .redirectErrorStream(true)
                .start();
        python.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        python.getOutputStream().close();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Files.delete(script);
        assertThat(output).as("python3 verify_webhook.py").isIn("True", "False");
        return output.equals("True");
    }
}
