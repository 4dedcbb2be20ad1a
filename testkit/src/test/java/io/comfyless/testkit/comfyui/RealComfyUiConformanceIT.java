package io.comfyless.testkit.comfyui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite against a real ComfyUI (its tree of March 2024, from {@code scripts/setup-comfyui.sh}), on
 * CPU, plus where that older server differs from 0.8.0 in ways the runner has to handle.
 */
class RealComfyUiConformanceIT extends ComfyUiConformance {

    @Override
    ComfyUiInstance startServer() {
        return RealComfyUi.start();
    }

    /** A 640x640 blur of radius 31: a second or more of convolution on CPU. */
    @Override
    String slowBlur(String prefix) {
        return blur(640, freshColor(), prefix);
    }

    @Test
    void theOlderVersionChoosesItsOwnPromptIdAndEndsWithoutExecutionSuccess() {
        String chosen = UUID.randomUUID().toString();
        ObjectNode body = ComfyHttp.JSON.createObjectNode();
        body.set("prompt", ComfyHttp.parse(invertAndSave(freshColor(), "conformance/older")));
        body.put("prompt_id", chosen);

        String given = ComfyHttp.parse(http.post("/prompt", body.toString()).body())
                .get("prompt_id")
                .asText();

        assertThat(given).isNotEqualTo(chosen);
        JsonNode history = awaitHistory(given);
        assertThat(history.at("/status/status_str").asText()).isEqualTo("success");
        assertThat(history.at("/status/messages").toString()).doesNotContain("execution_success");
        assertThat(http.getJson("/system_stats").at("/system/comfyui_version").isMissingNode())
                .isTrue();
    }
}
