package io.comfyless.testkit.comfyui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The ComfyUI protocol as the runner relies on it, run against every server a test can get: the protocol double and a
 * real ComfyUI (see {@link RealComfyUi}). Facts only the current ComfyUI shows (0.8.0: {@code execution_success},
 * {@code progress_state}, the prompt id a client chooses, {@code comfyui_version}) are asserted in the double's
 * subclass only, since the real server tests can install is older.
 *
 * <p>One server serves the whole class, so every prompt gets a colour of its own: an identical prompt would be served
 * from ComfyUI's cache.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ComfyUiConformance {

    /** Inverting 0x3366CC gives (204, 153, 50): ComfyUI truncates 255 * (1 - 0.8) = 50.99... to 50. */
    static final int SOURCE = 0x3366CC;

    static final int INVERTED = 0xCC9932;

    private static final AtomicInteger COLORS =
            new AtomicInteger(ThreadLocalRandom.current().nextInt(1, 0xFF0000));

    ComfyUiInstance comfy;
    ComfyHttp http;

    /** Starts the server under test. */
    abstract ComfyUiInstance startServer();

    /**
     * EmptyImage (1) into ImageBlur (2) into ImageInvert (3) into SaveImage (4), where node 2 takes a few seconds on
     * this server and, not being a sampler, reports no progress.
     */
    abstract String slowBlur(String prefix);

    @BeforeAll
    void start() {
        comfy = startServer();
        http = new ComfyHttp(comfy.base().toString());
    }

    @AfterAll
    void stop() {
        if (comfy != null) {
            comfy.close();
        }
    }

    @AfterEach
    void settle() {
        if (!comfy.isRunning()) {
            comfy.restart();
            http = new ComfyHttp(comfy.base().toString());
        }
        await().atMost(WsClient.TIMEOUT)
                .until(() ->
                        http.getJson("/prompt").at("/exec_info/queue_remaining").asInt() == 0);
    }

    /** A colour no other prompt of this run uses, so nothing comes from the cache. */
    static int freshColor() {
        return COLORS.addAndGet(7919) & 0xFFFFFF;
    }

    WsClient connect(String clientId) {
        return WsClient.connect(comfy.webSocketUri(clientId));
    }

    JsonNode awaitHistory(String promptId) {
        await().atMost(WsClient.TIMEOUT).until(() -> http.history(promptId) != null);
        return http.history(promptId);
    }

    static String clientId() {
        return "conformance-" + UUID.randomUUID();
    }

    static String invertAndSave(int color, String prefix) {
        return Prompts.invertAndSave(color, prefix);
    }

    static String blur(int size, int color, String prefix) {
        return """
                {"1": {"class_type": "EmptyImage", "inputs": {"width": %d, "height": %d, "batch_size": 1, "color": %d}},
                 "2": {"class_type": "ImageBlur", "inputs": {"image": ["1", 0], "blur_radius": 31, "sigma": 1.0}},
                 "3": {"class_type": "ImageInvert", "inputs": {"image": ["2", 0]}},
                 "4": {"class_type": "SaveImage", "inputs": {"images": ["3", 0], "filename_prefix": "%s"}}}
                """.formatted(size, size, color, prefix);
    }

    @Test
    void aPromptRunsAndItsHistoryNamesTheFileItSavedWithTruncatedPixels() {
        String prefix = "conformance/run-" + freshColor();
        String promptId = http.submit(invertAndSave(SOURCE, prefix), null);

        JsonNode history = awaitHistory(promptId);

        assertThat(history.at("/prompt/1").asText()).isEqualTo(promptId);
        assertThat(history.at("/status/status_str").asText()).isEqualTo("success");
        assertThat(history.at("/status/completed").asBoolean()).isTrue();
        assertThat(history.at("/status/messages/0/0").asText()).isEqualTo("execution_start");
        assertThat(history.at("/status/messages/1/0").asText()).isEqualTo("execution_cached");
        JsonNode image = history.at("/outputs/3/images/0");
        assertThat(image.get("subfolder").asText()).isEqualTo("conformance");
        assertThat(image.get("type").asText()).isEqualTo("output");
        String query = "filename=" + image.get("filename").asText() + "&subfolder=conformance&type=output";
        HttpResponse<byte[]> view = http.getBytes("/view?" + query);
        assertThat(view.statusCode()).isEqualTo(200);
        BufferedImage png = DoubleTestBase.decode(view.body());
        assertThat(DoubleTestBase.rgb(png, 5, 5)).isEqualTo(INVERTED);
        assertThat(comfy.outputDir()
                        .resolve("conformance")
                        .resolve(image.get("filename").asText()))
                .exists();
    }

    @Test
    void aHistoryOfAnUnknownPromptIsEmpty() {
        assertThat(http.getJson("/history/" + UUID.randomUUID()).size()).isZero();
    }

    @Test
    void theSubmitterHearsStatusFirstThenEachNodeInOrderAndExecutingNullLast() {
        String client = clientId();
        try (WsClient ws = connect(client)) {
            assertThat(ws.messages().get(0).get("type").asText()).isEqualTo("status");
            assertThat(ws.messages().get(0).at("/data/sid").asText()).isEqualTo(client);
            String promptId = http.submit(invertAndSave(freshColor(), "conformance/order"), client);
            ws.awaitFinished(promptId);

            List<JsonNode> messages = ws.forPrompt(promptId);
            List<String> core = messages.stream()
                    .map(m -> m.get("type").asText())
                    .filter(type -> !type.equals("progress_state") && !type.equals("execution_success"))
                    .toList();
            assertThat(core)
                    .containsExactly(
                            "execution_start",
                            "execution_cached",
                            "executing",
                            "executing",
                            "executing",
                            "executed",
                            "executing");
            assertThat(messages.stream()
                            .filter(m -> m.get("type").asText().equals("executing"))
                            .map(m -> m.at("/data/node").isNull()
                                    ? "null"
                                    : m.at("/data/node").asText()))
                    .containsExactly("1", "2", "3", "null");
            assertThat(messages.get(messages.size() - 1).get("type").asText()).isEqualTo("executing");
        }
    }

    @Test
    void nodesThatAreNotSamplersSendNoProgressAndNoPreviews() {
        String client = clientId();
        try (WsClient ws = connect(client)) {
            String promptId = http.submit(slowBlur("conformance/quiet-" + freshColor()), client);
            ws.awaitFinished(promptId);

            assertThat(ws.types()).doesNotContain("progress");
            assertThat(ws.binaryFrames()).isEmpty();
            assertThat(http.history(promptId).at("/status/status_str").asText()).isEqualTo("success");
        }
    }

    @Test
    void anInterruptDuringANodeThatIsNotASamplerTakesEffectAtTheNextNode() {
        String client = clientId();
        String prefix = "conformance/interrupted-" + freshColor();
        try (WsClient ws = connect(client)) {
            String promptId = http.submit(slowBlur(prefix), client);
            ws.awaitMessage(m -> m.get("type").asText().equals("executing")
                    && m.at("/data/node").asText().equals("2"));

            assertThat(http.post("/interrupt", "{}").statusCode()).isEqualTo(200);
            ws.awaitFinished(promptId);

            JsonNode interrupted =
                    ws.awaitMessage("execution_interrupted", promptId).get("data");
            assertThat(interrupted.get("node_id").asText()).isEqualTo("3");
            assertThat(interrupted.get("node_type").asText()).isEqualTo("ImageInvert");
            assertThat(interrupted.get("executed")).extracting(JsonNode::asText).containsExactlyInAnyOrder("1", "2");
            JsonNode history = http.history(promptId);
            assertThat(history.at("/status/status_str").asText()).isEqualTo("error");
            assertThat(history.at("/status/completed").asBoolean()).isFalse();
            assertThat(history.at("/status/messages/2/0").asText()).isEqualTo("execution_interrupted");
        }
        assertThat(comfy.outputDir().resolve(prefix + "_00001_.png")).doesNotExist();
    }

    @Test
    void aPromptWaitsInTheQueueBehindTheRunningOneAndCanBeTakenOut() {
        String client = clientId();
        try (WsClient ws = connect(client)) {
            String running = http.submit(slowBlur("conformance/first-" + freshColor()), client);
            ws.awaitMessage(m -> m.get("type").asText().equals("executing")
                    && m.at("/data/node").asText().equals("2"));
            String waiting = http.submit(invertAndSave(freshColor(), "conformance/second"), client);

            JsonNode queue = http.getJson("/queue");
            assertThat(queue.at("/queue_running/0/1").asText()).isEqualTo(running);
            assertThat(queue.at("/queue_pending/0/1").asText()).isEqualTo(waiting);
            assertThat(http.getJson("/prompt").at("/exec_info/queue_remaining").asInt())
                    .isEqualTo(2);

            assertThat(http.post("/queue", "{\"delete\": [\"" + waiting + "\"]}")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(http.getJson("/queue").get("queue_pending")).isEmpty();
            ws.awaitFinished(running);
            assertThat(http.history(waiting)).isNull();
        }
    }

    @Test
    void aValueBelowItsMinimumIsRefusedNamingNodeAndInput() {
        String prompt = invertAndSave(freshColor(), "conformance/min").replace("\"width\": 64", "\"width\": -64");

        HttpResponse<String> response = http.postPrompt(prompt, null);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = ComfyHttp.parse(response.body());
        assertThat(body.at("/error/type").asText()).isEqualTo("prompt_outputs_failed_validation");
        JsonNode reason = body.at("/node_errors/1/errors/0");
        assertThat(reason.get("type").asText()).isEqualTo("value_smaller_than_min");
        assertThat(reason.get("details").asText()).isEqualTo("width");
        assertThat(reason.at("/extra_info/input_name").asText()).isEqualTo("width");
        assertThat(body.at("/node_errors/1/class_type").asText()).isEqualTo("EmptyImage");
    }

    @Test
    void aValueOutsideAComboListIsRefusedNamingNodeAndInput() {
        String prompt = """
                {"1": {"class_type": "EmptyImage", "inputs": {"width": 8, "height": 8, "batch_size": 1, "color": %d}},
                 "2": {"class_type": "ImageScale", "inputs": {"image": ["1", 0], "upscale_method": "magic",
                       "width": 4, "height": 4, "crop": "disabled"}},
                 "3": {"class_type": "SaveImage", "inputs": {"images": ["2", 0], "filename_prefix": "conformance/combo"}}}
                """.formatted(freshColor());

        HttpResponse<String> response = http.postPrompt(prompt, null);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode reason = ComfyHttp.parse(response.body()).at("/node_errors/2/errors/0");
        assertThat(reason.get("type").asText()).isEqualTo("value_not_in_list");
        assertThat(reason.get("details").asText()).startsWith("upscale_method: 'magic' not in [");
    }

    @Test
    void aMissingCheckpointIsRefusedAsAValueNotInTheEmptyFileList() {
        String prompt = """
                {"1": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "absent.safetensors"}},
                 "2": {"class_type": "EmptyLatentImage", "inputs": {"width": 64, "height": 64, "batch_size": 1}},
                 "3": {"class_type": "VAEDecode", "inputs": {"samples": ["2", 0], "vae": ["1", 2]}},
                 "4": {"class_type": "SaveImage", "inputs": {"images": ["3", 0], "filename_prefix": "conformance/ckpt"}}}
                """;

        HttpResponse<String> response = http.postPrompt(prompt, null);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = ComfyHttp.parse(response.body());
        assertThat(body.at("/node_errors/1/class_type").asText()).isEqualTo("CheckpointLoaderSimple");
        JsonNode reason = body.at("/node_errors/1/errors/0");
        assertThat(reason.get("type").asText()).isEqualTo("value_not_in_list");
        assertThat(reason.get("details").asText()).isEqualTo("ckpt_name: 'absent.safetensors' not in []");
    }

    @Test
    void aLinkIntoAnInputOfAnotherTypeIsAReturnTypeMismatch() {
        String prompt = """
                {"1": {"class_type": "SolidMask", "inputs": {"value": 1.0, "width": 8, "height": 8}},
                 "2": {"class_type": "ImageInvert", "inputs": {"image": ["1", 0]}},
                 "3": {"class_type": "SaveImage", "inputs": {"images": ["2", 0], "filename_prefix": "conformance/type"}}}
                """;

        HttpResponse<String> response = http.postPrompt(prompt, null);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode reason = ComfyHttp.parse(response.body()).at("/node_errors/2/errors/0");
        assertThat(reason.get("type").asText()).isEqualTo("return_type_mismatch");
        assertThat(reason.at("/extra_info/input_name").asText()).isEqualTo("image");
        assertThat(reason.at("/extra_info/received_type").asText()).isEqualTo("MASK");
    }

    @Test
    void anUnknownNodeTypeIsRefusedAndNothingIsQueued() {
        String prompt = invertAndSave(freshColor(), "conformance/unknown").replace("ImageInvert", "NoSuchNode");

        HttpResponse<String> response = http.postPrompt(prompt, null);

        // ComfyUI 0.8.0 answers 400 invalid_prompt; the older one fails with a 500 before it validates.
        assertThat(response.statusCode()).isIn(400, 500);
        assertThat(http.getJson("/prompt").at("/exec_info/queue_remaining").asInt())
                .isZero();
    }

    @Test
    void anUploadedImageLandsInTheInputFolderAndLoadImageReadsIt() {
        String name = "upload-" + freshColor() + ".png";
        byte[] png = DoubleTestBase.png(8, 4, 0x102030, false);

        HttpResponse<String> uploaded = http.upload(name, png, Map.of("type", "input", "subfolder", "conformance"));

        assertThat(uploaded.statusCode()).isEqualTo(200);
        JsonNode answer = ComfyHttp.parse(uploaded.body());
        assertThat(answer.get("name").asText()).isEqualTo(name);
        assertThat(answer.get("subfolder").asText()).isEqualTo("conformance");
        assertThat(answer.get("type").asText()).isEqualTo("input");
        assertThat(comfy.inputDir().resolve("conformance").resolve(name)).exists();
        String prompt = """
                {"1": {"class_type": "LoadImage", "inputs": {"image": "conformance/%s"}},
                 "2": {"class_type": "SaveImage", "inputs": {"images": ["1", 0], "filename_prefix": "conformance/loaded"}}}
                """.formatted(name);
        JsonNode history = awaitHistory(http.submit(prompt, null));
        assertThat(history.at("/status/status_str").asText()).isEqualTo("success");
        String file = history.at("/outputs/2/images/0/filename").asText();
        BufferedImage saved =
                DoubleTestBase.decode(http.getBytes("/view?filename=" + file + "&subfolder=conformance&type=output")
                        .body());
        assertThat(DoubleTestBase.rgb(saved, 1, 1)).isEqualTo(0x102030);
    }

    @Test
    void anIdenticalPromptIsServedFromTheCacheWithTheEarlierFile() throws IOException {
        String prefix = "conformance/cached-" + freshColor();
        String prompt = invertAndSave(freshColor(), prefix);
        String client = clientId();
        try (WsClient ws = connect(client)) {
            String first = http.submit(prompt, client);
            ws.awaitFinished(first);

            String second = http.submit(prompt, client);
            ws.awaitFinished(second);

            assertThat(ws.awaitMessage("execution_cached", second).at("/data/nodes"))
                    .extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("1", "2", "3");
            assertThat(http.history(second).at("/outputs/3/images/0/filename").asText())
                    .isEqualTo(http.history(first)
                            .at("/outputs/3/images/0/filename")
                            .asText());
        }
        try (Stream<Path> files = Files.list(comfy.outputDir().resolve("conformance"))) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith(prefix.substring(12))))
                    .hasSize(1);
        }
    }

    @Test
    void aRestartLosesQueueHistoryAndCacheAndKeepsTheFiles() {
        String prefix = "conformance/restart-" + freshColor();
        String prompt = invertAndSave(freshColor(), prefix);
        String before = http.submit(prompt, null);
        String file = awaitHistory(before).at("/outputs/3/images/0/filename").asText();

        comfy.restart();
        http = new ComfyHttp(comfy.base().toString());

        assertThat(http.getJson("/history/" + before).size()).isZero();
        assertThat(http.getJson("/queue").toString()).isEqualTo("{\"queue_running\":[],\"queue_pending\":[]}");
        HttpResponse<String> again = http.postPrompt(prompt, null);
        assertThat(ComfyHttp.parse(again.body()).get("number").asInt()).isZero();
        JsonNode rerun =
                awaitHistory(ComfyHttp.parse(again.body()).get("prompt_id").asText());
        assertThat(rerun.at("/status/messages/1/1/nodes")).isEmpty();
        assertThat(comfy.outputDir().resolve("conformance").resolve(file)).exists();
    }

    @Test
    void objectInfoDescribesInputsWithTypesRangesAndChoices() {
        JsonNode info = http.getJson("/object_info");

        assertThat(info.at("/EmptyImage/input/required/width/0").asText()).isEqualTo("INT");
        assertThat(info.at("/EmptyImage/input/required/width/1/min").asInt()).isEqualTo(1);
        assertThat(info.at("/ImageScale/input/required/upscale_method/0"))
                .extracting(JsonNode::asText)
                .contains("nearest-exact", "bilinear");
        assertThat(info.at("/SaveImage/output_node").asBoolean()).isTrue();
        assertThat(info.at("/CheckpointLoaderSimple/output"))
                .extracting(JsonNode::asText)
                .containsExactly("MODEL", "CLIP", "VAE");
        assertThat(http.getJson("/object_info/ImageInvert").has("ImageInvert")).isTrue();
    }

    @Test
    void systemStatsDescribesTheDevice() {
        JsonNode stats = http.getJson("/system_stats");

        assertThat(stats.at("/devices/0/type").asText()).isEqualTo("cpu");
        assertThat(stats.at("/system/python_version").asText()).isNotBlank();
    }

    @Test
    void thePromptIdInTheAnswerIsTheOneHistoryAndMessagesUse() {
        String client = clientId();
        try (WsClient ws = connect(client)) {
            String promptId = http.submit(invertAndSave(freshColor(), "conformance/ids"), client);

            ws.awaitFinished(promptId);

            assertThat(ws.awaitMessage("execution_start", promptId)).isNotNull();
            assertThat(awaitHistory(promptId).at("/prompt/1").asText()).isEqualTo(promptId);
        }
    }
}
