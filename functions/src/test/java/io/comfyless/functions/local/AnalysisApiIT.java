package io.comfyless.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.json.Json;
import io.comfyless.testkit.fixtures.SeedRequests;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/workflows/analyze} over real HTTP, against the model store in the emulator. */
class AnalysisApiIT {

    private static ResourceStack stack;

    @BeforeAll
    static void start() {
        stack = ResourceStack.start(Map.of());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static String seed000Analysis() {
        ObjectNode body = Json.object();
        body.set("workflow", Json.read(SeedRequests.taskSubmit()).get("payload"));
        return body.toString();
    }

    @Test
    void seed000sWorkflowNeedsItsFluxCheckpointWhichTheStoreLacksUntilItIsUploaded() {
        HttpCalls.Reply before = stack.http.post("/v1/workflows/analyze", seed000Analysis());

        assertThat(before.status()).isEqualTo(200);
        assertThat(before.json().get("valid").asBoolean()).isTrue();
        assertThat(before.json().get("node_count").asInt()).isEqualTo(7);
        assertThat(before.json().get("node_types").get("CheckpointLoaderSimple").asInt())
                .isEqualTo(1);
        assertThat(before.json().get("required_models").findValuesAsText("path"))
                .containsExactly("checkpoints/flux1-dev-fp8.safetensors");
        assertThat(before.json().get("missing_models").findValuesAsText("name"))
                .containsExactly("flux1-dev-fp8.safetensors");

        stack.putObject("models/checkpoints/flux1-dev-fp8.safetensors", new byte[64]);
        HttpCalls.Reply after = stack.http.post("/v1/workflows/analyze", seed000Analysis());

        assertThat(after.json().get("missing_models")).isEmpty();
        assertThat(after.json().get("required_models").get(0).get("available").asBoolean())
                .isTrue();
        assertThat(after.json().get("required_models").get(0).get("size_bytes").asLong())
                .isEqualTo(64);
    }

    @Test
    void anInvalidGraphIsAnsweredNotRefused() {
        HttpCalls.Reply analysis = stack.http.post(
                "/v1/workflows/analyze",
                "{\"workflow\": {\"1\": {\"class_type\": \"VAEDecode\", \"inputs\": {\"samples\": [\"7\", 0]}}}}");

        assertThat(analysis.status()).isEqualTo(200);
        assertThat(analysis.json().get("valid").asBoolean()).isFalse();
        assertThat(analysis.json().get("errors").get(0).get("code").asText()).isEqualTo("LINK_TO_MISSING_NODE");
        assertThat(analysis.json().get("errors").get(0).get("node_id").asText()).isEqualTo("1");
    }

    @Test
    void aRequestWithoutAWorkflowIs400() {
        HttpCalls.Reply missing = stack.http.post("/v1/workflows/analyze", "{}");
        HttpCalls.Reply wrongType = stack.http.post("/v1/workflows/analyze", "{\"workflow\": \"text\"}");
        HttpCalls.Reply notJson = stack.http.post("/v1/workflows/analyze", "workflow");

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("details").get(0).get("field").asText()).isEqualTo("workflow");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("error").asText()).isEqualTo("invalid_json");
    }
}
