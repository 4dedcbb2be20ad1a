package io.comfyless.functions.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.contract.Settings;
import io.comfyless.core.tenant.Tier;
import io.comfyless.testkit.comfyui.NodeTarget;
import io.comfyless.testkit.fixtures.SeedRequests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The unversioned API's examples as written, on a stack with authentication on: each request is
 * sent the way the document shows it ({@code Authorization: Bearer <token>}, its paths with their
 * trailing slashes, its bodies and query parameters) and each answer is checked for the fields the
 * document shows.
 */
class Seed001CompatibilityIT {

    /** A model-free graph in the document's node-list format, so the double can run it to the end. */
    private static final String MODEL_FREE = "{\"workflow\": {\"nodes\": {"
            + "\"1\": {\"id\": \"1\", \"class_type\": \"EmptyImage\", \"inputs\": ["
            + "{\"name\": \"width\", \"type\": \"INT\", \"value\": 64, \"required\": true},"
            + "{\"name\": \"height\", \"type\": \"INT\", \"value\": 48, \"required\": true},"
            + "{\"name\": \"batch_size\", \"type\": \"INT\", \"value\": 1, \"required\": true},"
            + "{\"name\": \"color\", \"type\": \"INT\", \"value\": 0, \"required\": true}]},"
            + "\"2\": {\"id\": \"2\", \"class_type\": \"%s\", \"inputs\": ["
            + "{\"name\": \"image\", \"type\": \"IMAGE\", \"value\": [\"1\", 0], \"required\": true}%s]},"
            + "\"3\": {\"id\": \"3\", \"class_type\": \"SaveImage\", \"inputs\": ["
            + "{\"name\": \"images\", \"type\": \"IMAGE\", \"value\": [\"2\", 0], \"required\": true},"
            + "{\"name\": \"filename_prefix\", \"type\": \"STRING\", \"value\": \"compat\", \"required\": true}]}},"
            + "\"metadata\": {\"description\": \"Model-free\", \"version\": \"1.0\"}},"
            + "\"priority\": \"normal\", \"metadata\": {\"user_tag\": \"batch_001\"}, \"timeout_minutes\": 30}";

    private static final String BLUR_INPUTS = ", {\"name\": \"blur_radius\", \"type\": \"INT\", \"value\": 1},"
            + " {\"name\": \"sigma\", \"type\": \"FLOAT\", \"value\": 1.0}";

    private static CompatStack stack;
    private static DocumentClient client;

    private static final String OPERATOR = "op" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() {
        stack = CompatStack.start(true, 1, Map.of(Settings.OPERATOR_TENANTS, OPERATOR));
        client = new DocumentClient(stack.url())
                .bearer(stack.newTenantKey(OPERATOR, Tier.ENTERPRISE).secret());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static String completedExecution() {
        String id = client.post("/workflows/execute", MODEL_FREE.formatted("ImageInvert", ""))
                .json()
                .get("execution_id")
                .asText();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.get("/workflows/" + id).json().get("status").asText(), "completed"::equals);
        return id;
    }

    @Test
    void accountsRegisterLogInAndSeeThemselves() {
        DocumentClient anonymous = new DocumentClient(stack.url());
        String email = "user-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

        DocumentClient.Reply registered = anonymous.post(
                "/auth/register",
                "{\"email\": \"" + email + "\", \"password\": \"securepassword123\", \"username\": \"johndoe\"}");
        DocumentClient.Reply login =
                anonymous.post("/auth/login", "{\"email\": \"" + email + "\", \"password\": \"securepassword123\"}");

        assertThat(registered.status()).isEqualTo(201);
        assertThat(fields(registered.json()))
                .contains("id", "email", "username", "is_active", "created_at", "updated_at");
        assertThat(login.status()).isEqualTo(200);
        assertThat(fields(login.json())).contains("access_token", "refresh_token", "token_type", "expires_in");
        DocumentClient user = new DocumentClient(stack.url())
                .bearer(login.json().get("access_token").asText());
        DocumentClient.Reply me = user.get("/auth/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("email").asText()).isEqualTo(email);
        DocumentClient.Reply refreshed = anonymous.post(
                "/auth/refresh",
                "{\"refresh_token\": \"" + login.json().get("refresh_token").asText() + "\"}");
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.json().has("access_token")).isTrue();
        DocumentClient.Reply logout = user.post("/auth/logout", "");
        assertThat(logout.status()).isEqualTo(200);
        assertThat(logout.json().get("message").asText()).isEqualTo("Successfully logged out");
    }

    @Test
    void theDocumentsExecuteExampleIsQueuedWithItsAnswerFields() {
        DocumentClient.Reply accepted = client.post("/workflows/execute", SeedRequests.seed001Execute());

        assertThat(accepted.status()).isEqualTo(200);
        JsonNode body = accepted.json();
        assertThat(body.get("execution_id").asText()).startsWith("exec_");
        assertThat(body.get("status").asText()).isEqualTo("pending");
        assertThat(body.get("created_at").asText()).isNotBlank();
        assertThat(body.get("estimated_duration").isIntegralNumber()).isTrue();
        assertThat(body.get("queue_position").isIntegralNumber()).isTrue();
        assertThat(accepted.header("X-RateLimit-Limit")).isPresent();
        assertThat(accepted.header("X-RateLimit-Remaining")).isPresent();
        assertThat(accepted.header("X-RateLimit-Reset")).isPresent();
    }

    @Test
    void aCompletedExecutionReadsAsTheResultShows() {
        String id = completedExecution();

        JsonNode result = client.get("/workflows/" + id).json();

        assertThat(result.get("execution_id").asText()).isEqualTo(id);
        assertThat(result.get("status").asText()).isEqualTo("completed");
        assertThat(result.get("started_at").asText()).isNotBlank();
        assertThat(result.get("completed_at").asText()).isNotBlank();
        assertThat(result.get("duration_seconds").isNumber()).isTrue();
        JsonNode image = result.get("outputs").get("images").get(0);
        assertThat(image.get("filename").asText()).endsWith(".png");
        assertThat(image.get("url").asText()).startsWith("http");
        assertThat(image.get("width").asInt()).isEqualTo(64);
        assertThat(image.get("height").asInt()).isEqualTo(48);
        assertThat(result.has("error")).isTrue();
        assertThat(result.get("error").isNull()).isTrue();
        assertThat(result.get("logs").get(0).get("timestamp").asText()).isNotBlank();
        assertThat(result.get("logs").get(0).get("level").asText()).isEqualTo("INFO");
        assertThat(result.get("logs").get(0).get("message").asText()).isNotBlank();
        assertThat(result.get("metadata").get("user_tag").asText()).isEqualTo("batch_001");
    }

    @Test
    void theListIsABareArrayFilteredByStatus() {
        String id = completedExecution();

        DocumentClient.Reply list = client.get("/workflows/?status=completed&limit=20&offset=0");

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().isArray()).isTrue();
        assertThat(list.json().findValuesAsText("execution_id")).contains(id);
        for (JsonNode item : list.json()) {
            assertThat(item.get("status").asText()).isEqualTo("completed");
            assertThat(fields(item))
                    .contains("started_at", "completed_at", "duration_seconds", "outputs", "error", "logs", "metadata");
        }
        assertThat(client.get("/workflows/?limit=1000").status()).isEqualTo(400);
    }

    @Test
    void statusShowsProgressWithAnEtaCancelStopsItAndRetryRunsItAgain() {
        // Sampler-like steps: ComfyUI stops a sampler at its next step, so the cancel is confirmed at once.
        stack.comfyuis.get(0).faults().sample(NodeTarget.ofClass("ImageBlur"), 200, Duration.ofMillis(100));
        try {
            String id = client.post("/workflows/execute", MODEL_FREE.formatted("ImageBlur", BLUR_INPUTS))
                    .json()
                    .get("execution_id")
                    .asText();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> client.get("/workflows/" + id + "/status")
                                    .json()
                                    .get("progress")
                                    .get("percentage")
                                    .asDouble()
                            > 0);

            JsonNode status = client.get("/workflows/" + id + "/status").json();
            assertThat(status.get("status").asText()).isEqualTo("running");
            assertThat(status.has("queue_position")).isTrue();
            assertThat(status.get("queue_position").isNull()).isTrue();
            assertThat(status.get("started_at").asText()).isNotBlank();
            JsonNode progress = status.get("progress");
            assertThat(fields(progress))
                    .contains("current_step", "total_steps", "percentage", "current_node", "eta_seconds");
            assertThat(progress.get("eta_seconds").asLong()).isPositive();
            assertThat(status.get("estimated_completion").asText()).isNotBlank();

            DocumentClient.Reply cancelled = client.post("/workflows/" + id + "/cancel", "");
            assertThat(cancelled.status()).isEqualTo(200);
            assertThat(cancelled.json().get("message").asText()).isNotBlank();
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> client.get("/workflows/" + id)
                                    .json()
                                    .get("status")
                                    .asText(),
                            "cancelled"::equals);

            DocumentClient.Reply retried = client.post("/workflows/" + id + "/retry", "");
            assertThat(retried.status()).isEqualTo(200);
            assertThat(retried.json().get("execution_id").asText()).isNotEqualTo(id);
            assertThat(retried.json().get("status").asText()).isEqualTo("pending");
            assertThat(retried.json().get("queue_position").isIntegralNumber()).isTrue();
            assertThat(retried.json().get("retried_from").asText()).isEqualTo(id);
            client.post("/workflows/" + retried.json().get("execution_id").asText() + "/cancel", "");
        } finally {
            stack.comfyuis.get(0).faults().clear();
        }
    }

    @Test
    void modelsAreListedLoadedOntoTheRunnersUnloadedAndCleanedUp() {
        stack.putModel("checkpoints/v1-5-pruned-emaonly.ckpt", 300_000);

        JsonNode list = client.get("/models/?model_type=checkpoint&available_only=false")
                .json();
        assertThat(fields(list)).contains("models", "total_memory_usage_mb", "available_memory_mb");
        JsonNode listed = model(list, "v1-5-pruned-emaonly.ckpt");
        assertThat(fields(listed))
                .contains(
                        "name",
                        "type",
                        "is_loaded",
                        "is_downloading",
                        "download_progress",
                        "last_used",
                        "memory_usage_mb");
        assertThat(listed.get("type").asText()).isEqualTo("checkpoint");
        assertThat(listed.get("is_loaded").asBoolean()).isFalse();

        DocumentClient.Reply loaded = client.post("/models/v1-5-pruned-emaonly.ckpt/load?model_type=checkpoint", "");
        assertThat(loaded.status()).isEqualTo(200);
        assertThat(fields(loaded.json())).contains("message", "model_name", "model_type");
        assertThat(loaded.json().get("model_type").asText()).isEqualTo("checkpoint");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.get("/models/v1-5-pruned-emaonly.ckpt")
                        .json()
                        .get("is_loaded")
                        .asBoolean());
        JsonNode detail = client.get("/models/v1-5-pruned-emaonly.ckpt").json();
        assertThat(fields(detail))
                .contains("name", "type", "is_loaded", "last_used", "file_size_mb", "file_path", "hash", "metadata");
        assertThat(detail.get("hash").asText()).hasSize(64);
        assertThat(detail.get("cached_on").get(0).asText()).isEqualTo("runner-1");

        DocumentClient.Reply unloaded = client.post("/models/v1-5-pruned-emaonly.ckpt/unload", "");
        assertThat(unloaded.status()).isEqualTo(200);
        assertThat(fields(unloaded.json())).contains("message", "model_name");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !client.get("/models/v1-5-pruned-emaonly.ckpt")
                        .json()
                        .get("is_loaded")
                        .asBoolean());

        DocumentClient.Reply cleaned = client.post("/models/cleanup?max_age_hours=1", "");
        assertThat(cleaned.status()).isEqualTo(200);
        assertThat(cleaned.json().get("message").asText()).isNotBlank();
        assertThat(cleaned.json().get("models_unloaded").isArray()).isTrue();
        assertThat(client.post("/models/cleanup?max_age_hours=48", "").status()).isEqualTo(400);
    }

    @Test
    void aModelDownloadStartsAndReportsItsProgress() {
        DocumentClient.Reply started = client.post(
                "/models/new-model.safetensors/download?model_type=checkpoint"
                        + "&download_url=https://models.example.com/new-model.safetensors&description=test",
                "");

        assertThat(started.status()).isEqualTo(200);
        assertThat(started.json().get("message").asText()).isEqualTo("Model download started");
        assertThat(started.json().get("model_name").asText()).isEqualTo("new-model.safetensors");
        assertThat(started.json().get("model_type").asText()).isEqualTo("checkpoint");
        JsonNode progress =
                client.get("/models/new-model.safetensors/download-progress").json();
        assertThat(fields(progress)).contains("model_name", "is_downloading", "download_progress", "is_available");
        assertThat(progress.get("is_downloading").asBoolean())
                .as("no runner here fetches it")
                .isTrue();
        assertThat(progress.get("is_available").asBoolean()).isFalse();
        assertThat(model(client.get("/models/").json(), "new-model.safetensors")
                        .get("is_downloading")
                        .asBoolean())
                .isTrue();
        client.delete(
                "/v1/models/downloads/" + started.json().get("download_id").asText());
    }

    private static JsonNode model(JsonNode list, String name) {
        for (JsonNode model : list.get("models")) {
            if (model.get("name").asText().equals(name)) {
                return model;
            }
        }
        throw new AssertionError(name + " is not listed in " + list);
    }

    @Test
    void logsAreFilteredByLevelAndTail() {
        String id = completedExecution();

        DocumentClient.Reply logs = client.get("/workflows/" + id + "/logs?level=INFO&tail=2");

        assertThat(logs.status()).isEqualTo(200);
        assertThat(logs.json().get("execution_id").asText()).isEqualTo(id);
        assertThat(logs.json().get("logs")).hasSize(2);
        assertThat(logs.json().get("logs").get(0).has("node_id")).isTrue();
        assertThat(logs.json().get("total_count").asInt()).isGreaterThan(2);
        assertThat(logs.json().get("filtered").asBoolean()).isTrue();
    }

    @Test
    void aFileUploadedAsMultipartComesBackByIdWithItsInfo() {
        byte[] png = png();

        DocumentClient.Reply uploaded = client.postFile(
                "/files/upload", "file", "input_image.png", "image/png", png, Map.of("description", "an input"));

        assertThat(uploaded.status()).isEqualTo(200);
        String fileId = uploaded.json().get("file_id").asText();
        assertThat(fileId).startsWith("file_");
        assertThat(uploaded.json().get("filename").asText()).isEqualTo("input_image.png");
        assertThat(uploaded.json().get("size").asLong()).isEqualTo(png.length);
        assertThat(uploaded.json().get("content_type").asText()).isEqualTo("image/png");
        assertThat(uploaded.json().has("upload_url")).isTrue();
        assertThat(uploaded.json().get("upload_url").isNull()).isTrue();
        DocumentClient.Reply download = client.get("/files/" + fileId);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Content-Type")).hasValue("image/png");
        assertThat(download.bytes()).isEqualTo(png);
        JsonNode info = client.get("/files/" + fileId + "/info").json();
        assertThat(fields(info))
                .contains("file_id", "filename", "size", "content_type", "created_at", "expires_at", "download_url");
    }

    @Test
    void aFormWithoutItsFilePartIs400NamingTheField() {
        DocumentClient.Reply refused = client.postFile(
                "/files/upload", "image", "input_image.png", "image/png", png(), Map.of("description", "an input"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("message").asText()).contains("'file'");
        assertThat(refused.json().get("details").get(0).get("field").asText()).isEqualTo("file");
    }

    @Test
    void anUploadOverTheInlineLimitIs413PointingToThePresignedUpload() {
        DocumentClient.Reply refused =
                client.postFile("/files/upload", "file", "big.png", "image/png", new byte[5 * 1024 * 1024], Map.of());

        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.json().get("error").asText()).isEqualTo("payload_too_large");
        assertThat(refused.json().get("message").asText()).contains("POST /v1/files");
    }

    @Test
    void healthProbesAnswerWithoutCredentialsAsShown() {
        DocumentClient anonymous = new DocumentClient(stack.url());

        JsonNode health = anonymous.get("/health/").json();
        assertThat(fields(health)).contains("status", "timestamp", "version", "uptime_seconds");
        assertThat(anonymous.get("/health/readiness").json().get("status").asText())
                .isEqualTo("ready");
        JsonNode liveness = anonymous.get("/health/liveness").json();
        assertThat(liveness.get("status").asText()).isEqualTo("alive");
        assertThat(liveness.get("timestamp").asText()).isNotBlank();

        await().atMost(Duration.ofSeconds(15))
                .until(() ->
                        anonymous.get("/health/detailed").json().get("runners").size() == 1);
        JsonNode detailed = anonymous.get("/health/detailed").json();
        assertThat(fields(detailed)).contains("status", "timestamp", "version", "uptime_seconds", "services", "system");
        assertThat(detailed.get("services").findValuesAsText("name")).contains("comfyui");
        for (JsonNode service : detailed.get("services")) {
            assertThat(fields(service)).contains("name", "status", "response_time_ms", "error");
        }
        assertThat(fields(detailed.get("system")))
                .contains("cpu_usage_percent", "memory_usage_percent", "gpu_usage_percent", "disk_usage_percent");
        JsonNode runner = detailed.get("runners").get(0);
        assertThat(runner.get("comfyui").get("status").asText()).isEqualTo("healthy");
        assertThat(runner.get("system").get("cpu_usage_percent").isNumber()).isTrue();
        assertThat(runner.get("system").get("disk_usage_percent").isNumber()).isTrue();
        assertThat(runner.get("system").get("gpu_usage_percent").isNull())
                .as("no nvidia-smi beside the double")
                .isTrue();
    }

    @Test
    void metricsCarryTheDocumentsFiguresAndExecutionTotals() {
        completedExecution();

        JsonNode metrics = client.get("/metrics/").json();

        assertThat(fields(metrics))
                .contains(
                        "cpu_usage_percent",
                        "memory_usage_percent",
                        "gpu_usage_percent",
                        "gpu_memory_usage_percent",
                        "disk_usage_percent",
                        "active_executions",
                        "queue_size",
                        "total_executions",
                        "average_execution_time_seconds");
        assertThat(metrics.get("executions_by_status").get("completed").asLong())
                .isPositive();
        assertThat(metrics.get("total_executions").asLong()).isPositive();
        assertThat(metrics.get("gpu_seconds_total").isNumber()).isTrue();
    }

    @Test
    void errorsHaveTheDocumentedShape() {
        DocumentClient.Reply missing = client.post("/workflows/execute", "{\"priority\": \"normal\"}");
        DocumentClient.Reply unknown = client.get("/workflows/exec_00000000000000000000");

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error").asText()).isEqualTo("validation_error");
        assertThat(missing.json().get("details").get(0).get("field").asText()).isEqualTo("workflow");
        assertThat(missing.json().get("details").get(0).get("code").asText()).isNotBlank();
        for (DocumentClient.Reply reply : new DocumentClient.Reply[] {missing, unknown}) {
            assertThat(fields(reply.json())).contains("error", "message", "details", "timestamp", "request_id");
        }
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("not_found");
    }

    static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A valid 1x1 PNG. */
    static byte[] png() {
        return Base64.getDecoder()
                .decode(
                        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    }
}
