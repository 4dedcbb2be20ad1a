package io.comfyless.testkit.comfyui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** §1, §2 and §8.9: the catalogue and queue routes, empty 200 bodies, error content types and {@code /api} aliases. */
class RoutesIT extends DoubleTestBase {

    @Test
    void everyRouteAlsoAnswersUnderApi() {
        String promptId = ComfyHttp.parse(
                        http.post("/api/prompt", "{\"prompt\": " + Prompts.invertAndSave("api/x") + "}")
                                .body())
                .get("prompt_id")
                .asText();

        assertThat(awaitHistory(promptId).at("/status/status_str").asText()).isEqualTo("success");
        assertThat(http.getJson("/api/history/" + promptId).has(promptId)).isTrue();
        for (String path : List.of(
                "/api/prompt",
                "/api/queue",
                "/api/history",
                "/api/object_info/EmptyImage",
                "/api/system_stats",
                "/api/features",
                "/api/models",
                "/api/models/checkpoints",
                "/api/embeddings")) {
            assertThat(http.get(path).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(http.getBytes("/api/view?filename=x_00001_.png&subfolder=api")
                        .statusCode())
                .isEqualTo(200);
        try (WsClient ws = WsClient.connect(URI.create(comfy.url().replace("http", "ws") + "/api/ws?clientId=api"))) {
            assertThat(ws.messages().get(0).at("/data/sid").asText()).isEqualTo("api");
        }
    }

    @Test
    void objectInfoDescribesTheImplementedNodesAndAnswersEmptyForOthers() {
        JsonNode all = http.getJson("/object_info");
        JsonNode emptyImage = http.getJson("/object_info/EmptyImage").get("EmptyImage");

        assertThat(all.has("SaveImage")).isTrue();
        assertThat(all.has("ImageBlur")).isTrue();
        assertThat(emptyImage.at("/input/required/width"))
                .isEqualTo(ComfyHttp.parse("[\"INT\", {\"default\": 512, \"min\": 1, \"max\": 16384, \"step\": 1}]"));
        assertThat(emptyImage.at("/input/required/color/1/display").asText()).isEqualTo("color");
        assertThat(emptyImage.get("output").toString()).isEqualTo("[\"IMAGE\"]");
        assertThat(emptyImage.get("output_node").asBoolean()).isFalse();
        assertThat(all.at("/SaveImage/output_node").asBoolean()).isTrue();
        assertThat(all.at("/SaveImage/input/hidden/prompt").asText()).isEqualTo("PROMPT");
        assertThat(all.at("/ImageScale/input/required/upscale_method/0").toString())
                .isEqualTo("[\"nearest-exact\",\"bilinear\",\"area\",\"bicubic\",\"lanczos\"]");
        assertThat(all.at("/LoadImage/output").toString()).isEqualTo("[\"IMAGE\",\"MASK\"]");
        assertThat(http.getJson("/object_info/NoSuchNode").size()).isZero();
    }

    @Test
    void loadImageListsTheFilesOfTheInputDirectory() {
        http.upload("b.png", png(1, 1, 0, false), java.util.Map.of());
        http.upload("a.png", png(1, 1, 0, false), java.util.Map.of());

        assertThat(http.getJson("/object_info/LoadImage")
                        .at("/LoadImage/input/required/image/0")
                        .toString())
                .isEqualTo("[\"a.png\",\"b.png\"]");
    }

    @Test
    void systemFeatureAndModelRoutesHaveComfyUisShapes() {
        JsonNode stats = http.getJson("/system_stats");
        JsonNode features = http.getJson("/features");

        assertThat(stats.at("/system/comfyui_version").asText()).isNotEmpty();
        assertThat(stats.at("/system/ram_total").asLong()).isPositive();
        assertThat(stats.at("/devices/0/type").asText()).isEqualTo("cpu");
        assertThat(stats.at("/devices/0").has("vram_free")).isTrue();
        assertThat(features.get("supports_preview_metadata").asBoolean()).isTrue();
        assertThat(features.get("max_upload_size").asLong()).isEqualTo(104857600L);
        assertThat(http.getJson("/models").toString()).contains("\"checkpoints\"", "\"loras\"");
        assertThat(http.getJson("/models/checkpoints").size()).isZero();
        assertThat(http.get("/models/nonsense").statusCode()).isEqualTo(404);
        assertThat(http.getJson("/embeddings").isArray()).isTrue();
    }

    @Test
    void unknownPathsAre404InPlainTextAndPostsWithoutAnswerAreEmpty200s() {
        HttpResponse<String> unknown = http.get("/no/such/route");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        for (String path : List.of("/queue", "/history", "/interrupt", "/free")) {
            HttpResponse<String> response = http.post(path, "{}");
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).isEmpty();
        }
    }

    @Test
    void theQueueShowsRunningAndPendingAndCanBeClearedOrDeletedFrom() {
        comfy.faults().delay(NodeTarget.ofClass("ImageInvert"), Duration.ofSeconds(10));
        String running = http.submit(Prompts.invertAndSave(1, "queue/a"), null);
        String second = http.submit(Prompts.invertAndSave(2, "queue/b"), null);
        String third = http.submit(Prompts.invertAndSave(3, "queue/c"), null);
        org.awaitility.Awaitility.await().until(() -> comfy.executions().timesStarted(running) == 1);

        JsonNode queue = http.getJson("/queue");
        assertThat(queue.at("/queue_running/0/1").asText()).isEqualTo(running);
        assertThat(List.of(
                        queue.at("/queue_pending/0/1").asText(),
                        queue.at("/queue_pending/1/1").asText()))
                .containsExactlyInAnyOrder(second, third);
        assertThat(http.getJson("/prompt").at("/exec_info/queue_remaining").asInt())
                .isEqualTo(3);

        http.post("/queue", "{\"delete\": [\"" + second + "\"]}");
        assertThat(http.getJson("/queue").get("queue_pending").size()).isEqualTo(1);
        http.post("/queue", "{\"clear\": true}");
        assertThat(http.getJson("/queue").get("queue_pending").size()).isZero();
        assertThat(http.getJson("/queue").get("queue_running").size()).isEqualTo(1);
    }

    @Test
    void frontAndLowerNumbersRunFirst() {
        comfy.faults().delay(NodeTarget.ofClass("ImageInvert"), Duration.ofMillis(500));
        String blocker = http.submit(Prompts.invertAndSave(1, "order/a"), null);
        org.awaitility.Awaitility.await().until(() -> comfy.executions().timesStarted(blocker) == 1);
        String normal = http.submit(Prompts.invertAndSave(2, "order/b"), null);
        String front = ComfyHttp.parse(http.post(
                                "/prompt", "{\"front\": true, \"prompt\": " + Prompts.invertAndSave(3, "order/c") + "}")
                        .body())
                .get("prompt_id")
                .asText();

        awaitHistory(normal);

        assertThat(comfy.executions().startedPromptIds()).containsExactly(blocker, front, normal);
    }

    @Test
    void historyPagesOldestFirstAndCanBeDeletedOrCleared() {
        String a = http.submit(Prompts.invertAndSave(1, "hist/a"), null);
        awaitHistory(a);
        String b = http.submit(Prompts.invertAndSave(2, "hist/b"), null);
        awaitHistory(b);
        String c = http.submit(Prompts.invertAndSave(3, "hist/c"), null);
        awaitHistory(c);

        assertThat(keys(http.getJson("/history"))).containsExactly(a, b, c);
        assertThat(keys(http.getJson("/history?max_items=2"))).containsExactly(b, c);
        assertThat(keys(http.getJson("/history?max_items=1&offset=0"))).containsExactly(a);
        assertThat(http.get("/history?max_items=many").statusCode()).isEqualTo(500);
        http.post("/history", "{\"delete\": [\"" + b + "\"]}");
        assertThat(keys(http.getJson("/history"))).containsExactly(a, c);
        http.post("/history", "{\"clear\": true}");
        assertThat(http.getJson("/history").size()).isZero();
        assertThat(http.getJson("/history/" + a).toString()).isEqualTo("{}");
    }

    @Test
    void aForeignOriginOnALoopbackHostIsRefused() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(comfy.url() + "/prompt"))
                                .header("Origin", "http://evil.example")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEmpty();
    }

    private static List<String> keys(JsonNode object) {
        List<String> keys = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
