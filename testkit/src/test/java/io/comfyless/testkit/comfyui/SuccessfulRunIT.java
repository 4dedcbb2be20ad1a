package io.comfyless.testkit.comfyui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The success example of COMFYUI_PROTOCOL.md §7, end to end over real HTTP and WebSocket. */
class SuccessfulRunIT {

    private ComfyUiDouble comfy;
    private ComfyHttp http;

    @BeforeEach
    void start() {
        comfy = ComfyUiDouble.start();
        http = new ComfyHttp(comfy.url());
    }

    @AfterEach
    void stop() {
        comfy.close();
    }

    @Test
    void theSubmitterSeesComfyUisMessageOrderAndHistoryIsWrittenBeforeTheFinalExecuting() {
        try (WsClient ws = WsClient.connect(comfy.webSocketUri("java-1"))) {
            HttpResponse<String> accepted = http.postPrompt(Prompts.invertAndSave("it/run"), "java-1");
            JsonNode answer = ComfyHttp.parse(accepted.body());
            String promptId = answer.get("prompt_id").asText();
            ws.awaitFinished(promptId);
            JsonNode historyRightAfter = http.history(promptId);

            assertThat(accepted.statusCode()).isEqualTo(200);
            assertThat(answer.get("number").isIntegralNumber()).isTrue();
            assertThat(answer.get("number").asInt()).isZero();
            assertThat(answer.get("node_errors").size()).isZero();
            assertThat(historyRightAfter)
                    .as("history is written before executing {node: null}")
                    .isNotNull();
            assertThat(ws.messages())
                    .extracting(m -> m.get("type").asText(), WsClientNode::of)
                    .containsExactly(
                            tuple("status", null),
                            tuple("status", null),
                            tuple("status", null),
                            tuple("execution_start", null),
                            tuple("execution_cached", null),
                            tuple("progress_state", null),
                            tuple("executing", "1"),
                            tuple("progress_state", null),
                            tuple("progress_state", null),
                            tuple("executing", "2"),
                            tuple("progress_state", null),
                            tuple("progress_state", null),
                            tuple("executing", "3"),
                            tuple("executed", "3"),
                            tuple("progress_state", null),
                            tuple("execution_success", null),
                            tuple("status", null),
                            tuple("executing", "null"));
            assertThat(ws.messages().get(0).at("/data/sid").asText()).isEqualTo("java-1");
            assertThat(ws.messages().get(4).at("/data/nodes").size()).isZero();
            assertThat(ws.messages()
                            .get(ws.messages().size() - 2)
                            .at("/data/status/exec_info/queue_remaining")
                            .asInt())
                    .isZero();
            JsonNode executed = ws.messages().get(13).get("data");
            assertThat(executed.at("/output/images/0/filename").asText()).isEqualTo("run_00001_.png");
            assertThat(executed.at("/output/images/0/subfolder").asText()).isEqualTo("it");
            assertThat(executed.at("/output/images/0/type").asText()).isEqualTo("output");
        }
    }

    @Test
    void theHistoryEntryHasComfyUisLayout() {
        try (WsClient ws = WsClient.connect(comfy.webSocketUri("java-1"))) {
            String promptId = http.submit(Prompts.invertAndSave("it/run"), "java-1");
            ws.awaitFinished(promptId);

            JsonNode entry = http.history(promptId);
            JsonNode queued = entry.get("prompt");
            assertThat(queued.size()).isEqualTo(5);
            assertThat(queued.get(0).asInt()).isZero();
            assertThat(queued.get(1).asText()).isEqualTo(promptId);
            assertThat(queued.get(2).at("/2/class_type").asText()).isEqualTo("ImageInvert");
            assertThat(queued.get(3).get("client_id").asText()).isEqualTo("java-1");
            assertThat(queued.get(4).toString()).isEqualTo("[\"3\"]");
            assertThat(entry.at("/outputs/3/images/0/filename").asText()).isEqualTo("run_00001_.png");
            assertThat(entry.at("/status/status_str").asText()).isEqualTo("success");
            assertThat(entry.at("/status/completed").asBoolean()).isTrue();
            List<JsonNode> messages = StreamSupport.stream(
                            entry.at("/status/messages").spliterator(), false)
                    .toList();
            assertThat(messages)
                    .extracting(m -> m.get(0).asText())
                    .containsExactly("execution_start", "execution_cached", "execution_success");
            assertThat(messages)
                    .allSatisfy(m -> assertThat(m.get(1).get("timestamp").isIntegralNumber())
                            .isTrue());
            assertThat(entry.at("/meta/3").toString())
                    .isEqualTo(
                            "{\"node_id\":\"3\",\"display_node\":\"3\",\"parent_node\":null,\"real_node_id\":\"3\"}");
        }
    }

    @Test
    void viewReturnsThePngWithTheInvertedColour() throws IOException {
        try (WsClient ws = WsClient.connect(comfy.webSocketUri("java-1"))) {
            String promptId = http.submit(Prompts.invertAndSave("it/run"), "java-1");
            ws.awaitFinished(promptId);
        }

        HttpResponse<byte[]> view = http.getBytes("/view?filename=run_00001_.png&subfolder=it&type=output");

        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(view.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(view.body()));
        assertThat(image.getWidth()).isEqualTo(64);
        assertThat(image.getHeight()).isEqualTo(32);
        assertThat(image.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x00FFFF);
        assertThat(image.getRGB(63, 31) & 0xFFFFFF).isEqualTo(0x00FFFF);
        assertThat(comfy.outputDir().resolve("it/run_00001_.png")).exists();
    }

    @Test
    void saveImageCountsOnFromTheHighestExistingFileAndWritesEveryImageOfABatch() {
        String batchOfTwo = """
                {"1": {"class_type": "EmptyImage", "inputs": {"width": 8, "height": 8, "batch_size": 2, "color": 0}},
                 "2": {"class_type": "SaveImage", "inputs": {"images": ["1", 0], "filename_prefix": "batch/img"}}}
                """;
        try (WsClient ws = WsClient.connect(comfy.webSocketUri("java-1"))) {
            String first = http.submit(batchOfTwo, "java-1");
            ws.awaitFinished(first);
            String second = http.submit(batchOfTwo.replace("\"color\": 0", "\"color\": 1"), "java-1");
            ws.awaitFinished(second);

            assertThat(http.history(second).at("/outputs/2/images").findValuesAsText("filename"))
                    .containsExactly("img_00003_.png", "img_00004_.png");
        }
        assertThat(comfy.outputDir().resolve("batch")).isDirectoryContaining("glob:**/img_0000{1,2,3,4}_.png");
    }

    /** Extracts the node of an executing/executed message ("null" for the final one), else null. */
    private static final class WsClientNode {
        static String of(JsonNode message) {
            String type = message.get("type").asText();
            if (!type.equals("executing") && !type.equals("executed")) {
                return null;
            }
            JsonNode node = message.at("/data/node");
            return node.isNull() ? "null" : node.asText();
        }
    }
}
