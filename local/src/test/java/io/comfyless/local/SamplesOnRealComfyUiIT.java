package io.comfyless.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.json.Json;
import io.comfyless.local.stack.LocalStack;
import io.comfyless.testkit.aws.ProjectRoot;
import io.comfyless.testkit.comfyui.RealComfyUi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The project's sample workflows through the whole local stack and a runner driving a real ComfyUI (its tree of March
 * 2024, on CPU, without model files): the model-free sample completes; each sample that needs a model is refused at
 * submission naming the loader, its input and the file, since the runner published what its ComfyUI has.
 */
class SamplesOnRealComfyUiIT {

    private static RealComfyUi comfy;
    private static LocalStack stack;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        comfy = RealComfyUi.start();
        stack = LocalStack.start(new LocalStack.Options(
                0,
                1,
                Optional.of(comfy.base()),
                false,
                "real" + UUID.randomUUID().toString().substring(0, 6)));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> stack.adapters().nodeCatalogs().current().isPresent());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (comfy != null) {
            comfy.close();
        }
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode get(String path) throws Exception {
        return Json.read(http.send(
                        HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
    }

    static String execute(String sample) throws Exception {
        ObjectNode body = Json.object();
        body.set("workflow", Json.read(Files.readString(ProjectRoot.find().resolve("samples/workflows/" + sample))));
        return body.toString();
    }

    @Test
    void theModelFreeSampleRunsToAPng() throws Exception {
        HttpResponse<String> accepted = post("/v1/workflows/execute", execute("model_free_v1.json"));

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(Json.read(accepted.body()).get("validation").asText()).isEqualTo("catalog");
        String id = Json.read(accepted.body()).get("execution_id").asText();
        await().atMost(Duration.ofSeconds(120))
                .until(
                        () -> get("/v1/workflows/" + id + "/status")
                                .get("status")
                                .asText(),
                        s -> !s.equals("pending") && !s.equals("running"));
        JsonNode execution = get("/v1/workflows/" + id);
        assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("completed");
        assertThat(execution.get("outputs").get(0).get("width").asInt()).isEqualTo(512);
        assertThat(execution.has("error")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "text_to_image_v1.json, 4, ckpt_name, v1-5-pruned-emaonly.safetensors",
        "sdxl_text_to_image_v1.json, 4, ckpt_name, sd_xl_base_1.0.safetensors",
        "image_to_image_v1.json, 2, ckpt_name, v1-5-pruned-emaonly.safetensors",
        "upscale_v1.json, 2, model_name, RealESRGAN_x4plus.pth"
    })
    void aSampleThatNeedsAModelIsRefusedNamingIt(String sample, String node, String input, String model)
            throws Exception {
        HttpResponse<String> refused = post("/v1/workflows/execute", execute(sample));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        JsonNode details = Json.read(refused.body()).get("details");
        assertThat(details).as(refused.body()).hasSize(1);
        assertThat(details.get(0).get("code").asText()).isEqualTo("MODEL_NOT_FOUND");
        assertThat(details.get(0).get("node_id").asText()).isEqualTo(node);
        assertThat(details.get(0).get("input").asText()).isEqualTo(input);
        assertThat(details.get(0).get("message").asText()).contains(model);
    }
}
