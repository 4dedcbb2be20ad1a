package io.comfyless.core.workflow;

import static io.comfyless.core.workflow.Graphs.json;
import static io.comfyless.core.workflow.Graphs.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.error.ValidationException;
import org.junit.jupiter.api.Test;

class InputOverridesTest {

    private final InputOverrides overrides = new InputOverrides(() -> 424242L);

    private Workflow apply(Workflow workflow, String overridesJson) {
        return overrides.apply(workflow, json(overridesJson), "input_overrides").workflow();
    }

    @Test
    void promptAndNegativePromptFollowTheSamplersConditioningLinks() {
        Workflow result = apply(Graphs.txt2img(), "{'prompt': 'a castle', 'negative_prompt': 'text'}");

        assertThat(result.inputs("6").get("text").asText()).isEqualTo("a castle");
        assertThat(result.inputs("7").get("text").asText()).isEqualTo("text");
    }

    @Test
    void samplerSettingsReachEverySamplerAndSizesReachTheLatentSource() {
        Workflow result = apply(
                Graphs.txt2img(),
                "{'steps': 30, 'cfg': 6.5, 'sampler_name': 'dpmpp_2m', 'scheduler': 'karras',"
                        + " 'denoise': 0.5, 'width': 768, 'height': 640, 'batch_size': 2, 'seed': 7}");

        assertThat(result.inputs("3").get("steps").asInt()).isEqualTo(30);
        assertThat(result.inputs("3").get("cfg").asDouble()).isEqualTo(6.5);
        assertThat(result.inputs("3").get("sampler_name").asText()).isEqualTo("dpmpp_2m");
        assertThat(result.inputs("3").get("scheduler").asText()).isEqualTo("karras");
        assertThat(result.inputs("3").get("denoise").asDouble()).isEqualTo(0.5);
        assertThat(result.inputs("3").get("seed").asLong()).isEqualTo(7);
        assertThat(result.inputs("5").get("width").asInt()).isEqualTo(768);
        assertThat(result.inputs("5").get("height").asInt()).isEqualTo(640);
        assertThat(result.inputs("5").get("batch_size").asInt()).isEqualTo(2);
    }

    @Test
    void widthPrefersEmptySourcesOverOtherNodesWithAWidth() {
        Workflow graph = workflow(
                "{'1': {'class_type': 'EmptyImage', 'inputs': {'width': 64, 'height': 64, 'batch_size': 1, 'color': 0}},"
                        + " '2': {'class_type': 'ImageScale', 'inputs': {'image': ['1', 0], 'width': 512, 'height': 512}}}");

        Workflow result = apply(graph, "{'width': 100}");

        assertThat(result.inputs("1").get("width").asInt()).isEqualTo(100);
        assertThat(result.inputs("2").get("width").asInt()).isEqualTo(512);
    }

    @Test
    void seedMinusOneDrawsASeedAndReportsIt() {
        OverrideResult result = overrides.apply(Graphs.txt2img(), json("{'seed': -1}"), "input_overrides");

        assertThat(result.workflow().inputs("3").get("seed").asLong()).isEqualTo(424242L);
        assertThat(result.seed()).contains(424242L);
    }

    @Test
    void seedMinusOneLeftInTheGraphIsDrawnToo() {
        Workflow graph = workflow("{'1': {'class_type': 'KSampler', 'inputs': {'seed': -1}}}");

        OverrideResult result = overrides.apply(graph, null, "input_overrides");

        assertThat(result.seed()).contains(424242L);
        assertThat(result.workflow().inputs("1").get("seed").asLong()).isEqualTo(424242L);
    }

    @Test
    void reportsTheGraphsOwnSeedWhenNothingIsDrawn() {
        assertThat(overrides.apply(Graphs.txt2img(), null, "input_overrides").seed())
                .contains(1L);
    }

    @Test
    void explicitPathsSetOneInputOfOneNode() {
        Workflow result = apply(Graphs.txt2img(), "{'4.ckpt_name': 'other.safetensors', '9.filename_prefix': 'run/x'}");

        assertThat(result.inputs("4").get("ckpt_name").asText()).isEqualTo("other.safetensors");
        assertThat(result.inputs("9").get("filename_prefix").asText()).isEqualTo("run/x");
    }

    @Test
    void translatesA1111SamplerLabelsAndAliases() {
        Workflow result = apply(Graphs.txt2img(), "{'sampler': 'DPM++ 2M Karras', 'cfg_scale': 7.5}");

        assertThat(result.inputs("3").get("sampler_name").asText()).isEqualTo("dpmpp_2m");
        assertThat(result.inputs("3").get("scheduler").asText()).isEqualTo("karras");
        assertThat(result.inputs("3").get("cfg").asDouble()).isEqualTo(7.5);
    }

    @Test
    void samplerSettingsMissingFromAKSamplerAreAddedToIt() {
        Workflow graph = workflow("{'2': {'class_type': 'KSampler', 'inputs': {'steps': 20}}}");

        Workflow result = apply(graph, "{'cfg': 7.5, 'seed': 12345}");

        assertThat(result.inputs("2").get("cfg").asDouble()).isEqualTo(7.5);
        assertThat(result.inputs("2").get("seed").asLong()).isEqualTo(12345);
    }

    @Test
    void rejectsUnknownKeysUnknownNodesAndBadValuesAllAtOnce() {
        assertThatThrownBy(() -> apply(Graphs.txt2img(), "{'strength': 1, '99.seed': 1, 'steps': 'many'}"))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.details())
                                .extracting(ErrorDetail::code, ErrorDetail::field)
                                .containsExactlyInAnyOrder(
                                        tuple("UNKNOWN_OVERRIDE", "input_overrides.strength"),
                                        tuple("UNKNOWN_NODE", "input_overrides.99.seed"),
                                        tuple("INVALID_VALUE", "input_overrides.steps")));
    }

    @Test
    void saysWhenAnOverrideHasNowhereToGo() {
        Workflow graph = workflow("{'1': {'class_type': 'EmptyImage', 'inputs': {'width': 8}}}");

        assertThatThrownBy(() -> apply(graph, "{'prompt': 'x'}"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("No node takes 'prompt'");
    }

    @Test
    void leavesTheOriginalWorkflowUntouched() {
        Workflow original = Graphs.txt2img();

        apply(original, "{'steps': 99}");

        assertThat(original.inputs("3").get("steps").asInt()).isEqualTo(20);
    }
}
