package io.comfyless.functions.compat;

import static io.comfyless.functions.compat.Seed001CompatibilityIT.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.contract.Settings;
import io.comfyless.core.model.ModelDownload;
import io.comfyless.core.model.ModelDownloads;
import io.comfyless.core.tenant.Tier;
import io.comfyless.testkit.comfyui.NodeTarget;
import io.comfyless.testkit.fixtures.SeedRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's {@code /api/…} examples as written, mapped onto the fleet: system and storage,
 * presets and their installation, models, downloads, the ComfyUI queue (clear, interrupt, history)
 * and saved workflows, against the whole stack with authentication on.
 */
class Seed004CompatibilityIT {

    private static final String OPERATOR = "op" + UUID.randomUUID().toString().substring(0, 8);
    private static final String BLUR =
            "{\"workflow\": {\"1\": {\"class_type\": \"EmptyImage\", \"inputs\": {\"width\": 32,"
                    + " \"height\": 32, \"batch_size\": 1, \"color\": 0}}, \"2\": {\"class_type\": \"%s\", \"inputs\": {\"image\":"
                    + " [\"1\", 0]%s}}, \"3\": {\"class_type\": \"SaveImage\", \"inputs\": {\"images\": [\"2\", 0],"
                    + " \"filename_prefix\": \"dash\"}}}}";

    private static CompatStack stack;
    private static DocumentClient client;

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

    @Test
    void healthSystemStatusAndStorageAnswerAsShown() {
        DocumentClient.Reply health = client.get("/health");
        assertThat(fields(health.json())).contains("status", "version", "timestamp");
        assertThat(health.header("X-API-Version")).hasValue("1.0.0");

        await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> client.get("/api/system/status")
                                .json()
                                .get("services")
                                .get("comfyui")
                                .asText(),
                        "running"::equals);
        JsonNode status = client.get("/api/system/status").json();
        assertThat(fields(status)).contains("status", "uptime", "services", "resources");
        assertThat(fields(status.get("services"))).contains("dashboard", "comfyui", "preset_manager");
        assertThat(fields(status.get("resources")))
                .contains("cpu_percent", "memory_percent", "gpu_percent", "disk_used_gb", "disk_total_gb");
        assertThat(status.get("resources").get("disk_total_gb").asDouble()).isPositive();

        stack.putModel("checkpoints/storage_probe.safetensors", 1024);
        JsonNode storage = client.get("/api/system/storage").json();
        assertThat(fields(storage.get("workspace")))
                .contains("path", "used_gb", "total_gb", "available_gb", "usage_percent");
        assertThat(storage.get("workspace").get("path").asText()).startsWith("s3://");
        assertThat(fields(storage.get("models"))).contains("count", "total_size_gb", "by_type");
        assertThat(storage.get("models").get("by_type").get("checkpoints").asInt())
                .isPositive();
    }

    @Test
    void presetsAreListedFilteredAndDescribed() {
        JsonNode list = client.get("/api/presets").json();
        assertThat(fields(list)).contains("presets", "total", "filtered", "categories");
        JsonNode first = list.get("presets").get(0);
        assertThat(fields(first))
                .contains(
                        "id",
                        "name",
                        "category",
                        "type",
                        "description",
                        "download_size",
                        "installed",
                        "use_case",
                        "tags");

        JsonNode filtered = client.get(
                        "/api/presets?category=Image%20Generation&type=image&installed=false&search=sdxl")
                .json();
        assertThat(filtered.get("presets").findValuesAsText("id")).containsExactly("SDXL_BASE_1_0");
        assertThat(filtered.get("filtered").asInt()).isEqualTo(1);

        JsonNode detail = client.get("/api/presets/SDXL_BASE_1_0").json();
        assertThat(fields(detail)).contains("install_date", "files", "dependencies", "workflows");
        assertThat(fields(detail.get("files").get(0))).contains("path", "url", "size", "installed");
        assertThat(detail.get("download_size").asText()).endsWith("GB");
        assertThat(client.get("/api/presets/NO_SUCH_PRESET").status()).isEqualTo(404);
    }

    @Test
    void aPresetInstallsFileByFileWithProgressSpeedAndEtaThenUninstalls() {
        DocumentClient.Reply installing =
                client.post("/api/presets/REAL_ESRGAN_X4/install", SeedRequests.seed004PresetInstall());

        assertThat(installing.status()).isEqualTo(202);
        assertThat(fields(installing.json()))
                .contains("status", "preset_id", "download_id", "estimated_time_seconds", "total_size_gb");
        String group = installing.json().get("download_id").asText();
        JsonNode downloads = client.get("/api/downloads").json();
        assertThat(fields(downloads)).contains("downloads", "active", "total");
        JsonNode entry = entryOf(downloads, group);
        assertThat(fields(entry))
                .contains("id", "preset_id", "status", "progress", "speed_mbps", "eta_seconds", "current_file");
        assertThat(entry.get("preset_id").asText()).isEqualTo("REAL_ESRGAN_X4");

        // What a runner writes while it fetches the file: the claim, then progress.
        ModelDownloads records = stack.adapters.modelDownloads();
        Instant claimed = Instant.now();
        ModelDownload file = records.claim("runner-x", claimed.plusSeconds(120), claimed)
                .filter(d -> group.equals(d.installId()))
                .orElseThrow();
        records.progress(
                file.id(), "runner-x", 25_000_000, 100_000_000L, claimed.plusSeconds(120), claimed.plusSeconds(5));

        JsonNode status = client.get("/api/presets/REAL_ESRGAN_X4/status").json();
        assertThat(status.get("status").asText()).isEqualTo("installing");
        assertThat(status.get("progress").asDouble()).isEqualTo(25.0);
        assertThat(status.get("current_file").asText()).isEqualTo("upscale_models/RealESRGAN_x4plus.pth");
        assertThat(status.get("download_speed_mbps").asDouble()).isPositive();
        assertThat(status.get("eta_seconds").asLong()).isPositive();
        assertThat(fields(status.get("files"))).contains("total", "completed", "failed");
        assertThat(status.get("file_progress").get(0).get("downloaded_bytes").asLong())
                .isEqualTo(25_000_000);

        stack.putModel("upscale_models/RealESRGAN_x4plus.pth", 2048);
        records.finish(file.id(), "runner-x", 2048, null, Instant.now());
        JsonNode installed = client.get("/api/presets/REAL_ESRGAN_X4/status").json();
        assertThat(installed.get("status").asText()).isEqualTo("installed");
        assertThat(client.get("/api/presets/REAL_ESRGAN_X4")
                        .json()
                        .get("installed")
                        .asBoolean())
                .isTrue();
        assertThat(client.post("/api/presets/REAL_ESRGAN_X4/install", SeedRequests.seed004PresetInstall())
                        .status())
                .as("already installed")
                .isEqualTo(409);

        DocumentClient.Reply uninstalled = client.delete("/api/presets/REAL_ESRGAN_X4");
        assertThat(uninstalled.status()).isEqualTo(200);
        assertThat(uninstalled.json().get("status").asText()).isEqualTo("uninstalled");
        assertThat(uninstalled.json().get("files_removed").asInt()).isEqualTo(1);
        assertThat(fields(uninstalled.json())).contains("preset_id", "space_freed_gb");
    }

    @Test
    void downloadsPauseResumeAndCancelAsAGroup() {
        String group = client.post("/api/presets/SD15_TEXT_TO_IMAGE/install", SeedRequests.seed004PresetInstall())
                .json()
                .get("download_id")
                .asText();

        DocumentClient.Reply paused = client.post("/api/downloads/" + group + "/pause", "");
        DocumentClient.Reply resumed = client.post("/api/downloads/" + group + "/resume", "");
        DocumentClient.Reply cancelled = client.delete("/api/downloads/" + group);

        assertThat(paused.json().get("status").asText()).isEqualTo("paused");
        assertThat(paused.json().get("download_id").asText()).isEqualTo(group);
        assertThat(resumed.json().get("status").asText())
                .as("waiting for a runner again")
                .isEqualTo("pending");
        assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
        assertThat(cancelled.json().get("files_removed").asBoolean()).isTrue();
        assertThat(client.post("/api/downloads/dl_nosuchdownload/pause", "").status())
                .isEqualTo(404);
    }

    @Test
    void modelsAreListedByTypeAndDeletedByPath() {
        stack.putModel("checkpoints/old_model.safetensors", 4096);
        stack.putModel("loras/unused_lora.safetensors", 2048);

        JsonNode list = client.get("/api/models?type=checkpoints&search=old").json();
        assertThat(fields(list)).contains("models", "total", "total_size_gb");
        assertThat(fields(list.get("models").get(0))).contains("path", "type", "size_gb", "modified", "preset");
        assertThat(list.get("models").findValuesAsText("path")).containsExactly("checkpoints/old_model.safetensors");
        JsonNode types = client.get("/api/models/types").json().get("types");
        assertThat(fields(types.get(0))).contains("id", "name", "count");

        DocumentClient.Reply deleted = client.delete("/api/models", SeedRequests.seed004ModelsDelete());

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("deleted").asInt()).isEqualTo(2);
        assertThat(fields(deleted.json())).contains("space_freed_gb", "errors");
        assertThat(deleted.json().get("errors")).isEmpty();
    }

    @Test
    void theQueueIsTheTenantsExecutionsClearCancelsPendingAndInterruptCancelsRunning() {
        // Sampler-like steps: ComfyUI stops a sampler at its next step, so the interrupt is confirmed at once.
        stack.comfyuis.get(0).faults().sample(NodeTarget.ofClass("ImageBlur"), 300, Duration.ofMillis(100));
        try {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ids.add(client.post(
                                "/api/comfyui/execute",
                                BLUR.formatted("ImageBlur", ", \"blur_radius\": 1, \"sigma\": 1.0"))
                        .json()
                        .get("prompt_id")
                        .asText());
            }
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> client.get("/api/comfyui/queue")
                                    .json()
                                    .get("queue_running")
                                    .size()
                            == 2);

            JsonNode queue = client.get("/api/comfyui/queue").json();
            assertThat(queue.get("queue_pending")).hasSize(2);
            assertThat(fields(queue.get("queue_pending").get(0))).contains("prompt_id", "number");
            assertThat(queue.get("queue_pending").get(0).get("number").asInt()).isEqualTo(1);
            JsonNode health = client.get("/api/comfyui/health").json();
            assertThat(health.get("queue").get("pending").asInt()).isEqualTo(2);
            assertThat(health.get("queue").get("running").asInt()).isEqualTo(2);
            assertThat(fields(health)).contains("status", "version");

            JsonNode cleared = client.delete("/api/comfyui/queue").json();
            assertThat(cleared.get("cleared").asInt()).isEqualTo(2);
            assertThat(cleared.get("status").asText()).isEqualTo("success");
            assertThat(client.post("/api/comfyui/interrupt", "")
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("interrupted");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> ids.stream()
                            .allMatch(id -> client.get("/api/comfyui/history/" + id)
                                    .json()
                                    .get("status")
                                    .asText()
                                    .equals("cancelled")));
        } finally {
            stack.comfyuis.get(0).faults().clear();
        }
    }

    @Test
    void theDocumentsExecuteExampleIsQueuedAndACompletedPromptReadsAsItsHistory() {
        DocumentClient.Reply queued = client.post("/api/comfyui/execute", SeedRequests.seed004ComfyUiExecute());
        assertThat(queued.status()).isEqualTo(200);
        assertThat(queued.json().get("status").asText()).isEqualTo("queued");
        assertThat(fields(queued.json())).contains("prompt_id", "number");

        String id = client.post("/api/comfyui/execute", BLUR.formatted("ImageInvert", ""))
                .json()
                .get("prompt_id")
                .asText();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> client.get("/api/comfyui/history/" + id)
                                .json()
                                .get("status")
                                .asText(),
                        "completed"::equals);
        JsonNode history = client.get("/api/comfyui/history/" + id).json();

        assertThat(fields(history)).contains("prompt_id", "status", "outputs", "started", "completed");
        assertThat(fields(history.get("outputs").get("images").get(0))).contains("filename", "subfolder", "type");
        assertThat(history.get("outputs").get("images").get(0).get("type").asText())
                .isEqualTo("output");
    }

    @Test
    void workflowsAreSavedListedByCategorySearchAndTagsAndRead() {
        DocumentClient.Reply saved = client.post("/api/workflows", SeedRequests.seed004WorkflowSave());
        client.post(
                "/api/workflows",
                "{\"name\": \"Tagged\", \"category\": \"Custom\", \"tags\": [\"portrait\", \"fast\"],"
                        + " \"workflow\": {\"1\": {\"class_type\": \"KSampler\", \"inputs\": {}}}}");

        assertThat(saved.status()).isEqualTo(201);
        assertThat(saved.json().get("status").asText()).isEqualTo("saved");
        assertThat(fields(saved.json())).contains("id", "path");
        String id = saved.json().get("id").asText();
        JsonNode list =
                client.get("/api/workflows?category=Custom&search=custom").json();
        assertThat(list.get("workflows").findValuesAsText("id")).containsExactly(id);
        assertThat(fields(list.get("workflows").get(0)))
                .contains("id", "name", "category", "description", "preset", "path");
        assertThat(client.get("/api/workflows?tags=portrait")
                        .json()
                        .get("workflows")
                        .findValuesAsText("name"))
                .containsExactly("Tagged");
        assertThat(client.get("/api/workflows").json().get("total").asInt()).isGreaterThanOrEqualTo(7);
        JsonNode read = client.get("/api/workflows/" + id).json();
        assertThat(read.get("id").asText()).isEqualTo(id);
        assertThat(read.get("workflow").get("1").get("class_type").asText()).isEqualTo("KSampler");
        assertThat(client.get("/api/workflows/text_to_image_v1")
                        .json()
                        .get("workflow")
                        .size())
                .isPositive();
    }

    private static JsonNode entryOf(JsonNode downloads, String id) {
        for (JsonNode entry : downloads.get("downloads")) {
            if (entry.get("id").asText().equals(id)) {
                return entry;
            }
        }
        throw new AssertionError(id + " is not among " + downloads);
    }
}
