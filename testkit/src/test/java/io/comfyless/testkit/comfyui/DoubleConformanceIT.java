package io.comfyless.testkit.comfyui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.testkit.fixtures.SharedFolder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite against the protocol double, plus the facts of ComfyUI 0.8.0 that the older real server in
 * {@link RealComfyUiConformanceIT} predates and the double follows (recorded in the shared folder's
 * {@code comfyui/0.8.0/}).
 */
class DoubleConformanceIT extends ComfyUiConformance {

    private ComfyUiDouble comfyDouble;

    @Override
    ComfyUiInstance startServer() {
        comfyDouble = ComfyUiDouble.start();
        return comfyDouble;
    }

    /** A small blur made slow by a fault: the double's ImageBlur is as quiet as ComfyUI's, only faster. */
    @Override
    String slowBlur(String prefix) {
        comfyDouble.faults().delay(NodeTarget.ofClass("ImageBlur"), Duration.ofSeconds(2));
        return blur(64, freshColor(), prefix);
    }

    @AfterEach
    void disarm() {
        comfyDouble.faults().clear();
    }

    @Test
    void theCurrentVersionEndsWithExecutionSuccessAndReportsProgressStatePerNode() {
        String client = clientId();
        try (WsClient ws = connect(client)) {
            String promptId = http.submit(invertAndSave(freshColor(), "conformance/current"), client);
            ws.awaitFinished(promptId);

            List<String> types = ws.forPrompt(promptId).stream()
                    .map(m -> m.get("type").asText())
                    .toList();
            assertThat(types).contains("progress_state");
            assertThat(types.subList(types.size() - 2, types.size())).containsExactly("execution_success", "executing");
            JsonNode history = awaitHistory(promptId);
            assertThat(history.at("/status/messages/2/0").asText()).isEqualTo("execution_success");
            assertThat(history.at("/status/messages/0/1/timestamp").isNumber()).isTrue();
        }
    }

    @Test
    void theCurrentVersionRefusesAnUnknownNodeAsAnInvalidPromptNamingTheNodeOnlyInDetails() {
        String prompt = invertAndSave(freshColor(), "conformance/unknown").replace("ImageInvert", "NoSuchNode");

        HttpResponse<String> response = http.postPrompt(prompt, null);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = ComfyHttp.parse(response.body());
        assertThat(body.at("/error/type").asText()).isEqualTo("invalid_prompt");
        assertThat(body.at("/error/message").asText())
                .isEqualTo("Cannot execute because node NoSuchNode does not exist.");
        assertThat(body.at("/error/details").asText()).isEqualTo("Node ID '#2'");
        assertThat(body.get("node_errors").size()).isZero();
    }

    @Test
    void theCurrentVersionKeepsThePromptIdTheClientChose() {
        String chosen = UUID.randomUUID().toString();
        ObjectNode body = ComfyHttp.JSON.createObjectNode();
        body.set("prompt", ComfyHttp.parse(invertAndSave(freshColor(), "conformance/chosen")));
        body.put("prompt_id", chosen);

        HttpResponse<String> response = http.post("/prompt", body.toString());

        assertThat(ComfyHttp.parse(response.body()).get("prompt_id").asText()).isEqualTo(chosen);
        assertThat(awaitHistory(chosen).at("/prompt/1").asText()).isEqualTo(chosen);
    }

    @Test
    void systemStatsNamesComfyUi080AndItsFrontendAndTemplates() {
        JsonNode system = http.getJson("/system_stats").get("system");

        assertThat(system.get("comfyui_version").asText()).isEqualTo("0.8.0");
        assertThat(system.get("required_frontend_version").asText()).isNotBlank();
        assertThat(system.get("installed_templates_version").asText()).isNotBlank();
    }

    @Test
    void objectInfoIsTheRecordingOfComfyUi080ForEveryNodeTheDoubleKnows() {
        SharedFolder.require(Recorded080.OBJECT_INFO);
        ObjectNode recorded = Recorded080.objectInfo().orElseThrow();

        JsonNode served = http.getJson("/object_info");

        assertThat(served.size()).isGreaterThan(WeightsNode.CLASSES.size());
        for (Map.Entry<String, JsonNode> node : served.properties()) {
            JsonNode expected = recorded.get(node.getKey());
            assertThat(expected).as("%s is a ComfyUI 0.8.0 node", node.getKey()).isNotNull();
            if (!node.getKey().equals("LoadImage")) {
                assertThat(node.getValue()).as(node.getKey()).isEqualTo(expected);
            }
        }
        assertThat(served.at("/ImageBlur/input/required/image").toString()).isEqualTo("[\"IMAGE\",{}]");
        assertThat(served.at("/ImageToMask/input/required/channel/1/options"))
                .extracting(JsonNode::asText)
                .containsExactly("red", "green", "blue", "alpha");
    }

    @Test
    void theDoubleValidatesWithTheInputsRangesAndOutputsComfyUi080Declares() {
        SharedFolder.require(Recorded080.OBJECT_INFO);
        ObjectNode recorded = Recorded080.objectInfo().orElseThrow();
        NodeLibrary library =
                NodeLibrary.standard(new ComfyUiOutputFiles(comfy.inputDir(), comfy.outputDir(), comfy.inputDir()));

        for (String classType : List.of(
                "EmptyImage",
                "ImageScale",
                "ImageScaleBy",
                "ImageInvert",
                "ImageBatch",
                "ImageBlur",
                "SolidMask",
                "MaskToImage",
                "ImageToMask",
                "SaveImage",
                "PreviewImage")) {
            NodeSchema schema = library.find(classType).orElseThrow().schema();
            JsonNode declared = recorded.get(classType);
            List<String> inputs = new ArrayList<>();
            declared.at("/input/required").fieldNames().forEachRemaining(inputs::add);
            assertThat(schema.required())
                    .extracting(InputSpec::name)
                    .as(classType)
                    .containsExactlyElementsOf(inputs);
            for (InputSpec spec : schema.required()) {
                JsonNode options = declared.at("/input/required/" + spec.name() + "/1");
                for (String limit : List.of("min", "max")) {
                    assertThat(spec.option(limit).map(JsonNode::doubleValue))
                            .as("%s.%s %s", classType, spec.name(), limit)
                            .isEqualTo(Optional.ofNullable(options.get(limit)).map(JsonNode::doubleValue));
                }
            }
            List<String> outputs = new ArrayList<>();
            declared.get("output").forEach(type -> outputs.add(type.asText()));
            assertThat(schema.outputs()).as(classType).containsExactlyElementsOf(outputs);
        }
    }
}
