package io.comfyless.core.workflow;

import static io.comfyless.core.workflow.Graphs.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.json.Json;
import io.comfyless.testkit.fixtures.SeedRequests;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelReferencesTest {

    @Test
    void seed000sWorkflowNeedsItsFluxCheckpoint() {
        JsonNode payload = Json.read(SeedRequests.taskSubmit()).get("payload");

        List<RequiredModel> models = ModelReferences.of(WorkflowNormalizer.normalize(payload, "payload"));

        assertThat(models)
                .extracting(RequiredModel::folder, RequiredModel::name, RequiredModel::nodeIds)
                .containsExactly(tuple("checkpoints", "flux1-dev-fp8.safetensors", List.of("4")));
    }

    @Test
    void mapsEachCoreLoaderToItsFolder() {
        Workflow graph = workflow("""
                {'1': {'class_type': 'LoraLoader', 'inputs': {'lora_name': 'detail.safetensors', 'model': ['9', 0]}},
                 '2': {'class_type': 'VAELoader', 'inputs': {'vae_name': 'sdxl_vae.safetensors'}},
                 '3': {'class_type': 'ControlNetLoader', 'inputs': {'control_net_name': 'canny.pth'}},
                 '4': {'class_type': 'UNETLoader', 'inputs': {'unet_name': 'flux1-dev.sft', 'weight_dtype': 'default'}},
                 '5': {'class_type': 'DualCLIPLoader', 'inputs': {'clip_name1': 't5xxl.safetensors', 'clip_name2': 'clip_l.safetensors'}},
                 '6': {'class_type': 'UpscaleModelLoader', 'inputs': {'model_name': '4x-UltraSharp.pth'}},
                 '7': {'class_type': 'CLIPVisionLoader', 'inputs': {'clip_name': 'vit-h.safetensors'}}}
                """);

        assertThat(ModelReferences.of(graph))
                .extracting(RequiredModel::relative)
                .containsExactly(
                        "loras/detail.safetensors",
                        "vae/sdxl_vae.safetensors",
                        "controlnet/canny.pth",
                        "diffusion_models/flux1-dev.sft",
                        "text_encoders/t5xxl.safetensors",
                        "text_encoders/clip_l.safetensors",
                        "upscale_models/4x-UltraSharp.pth",
                        "clip_vision/vit-h.safetensors");
    }

    @Test
    void oneFileLoadedByTwoNodesIsOneModelNamingBoth() {
        Workflow graph = workflow("""
                {'1': {'class_type': 'CheckpointLoaderSimple', 'inputs': {'ckpt_name': 'sd15.safetensors'}},
                 '2': {'class_type': 'CheckpointLoaderSimple', 'inputs': {'ckpt_name': 'sd15.safetensors'}}}
                """);

        assertThat(ModelReferences.of(graph))
                .singleElement()
                .satisfies(model -> assertThat(model.nodeIds()).containsExactly("1", "2"));
    }

    @Test
    void customNodesCountOnlyByUnambiguousInputNames() {
        Workflow graph = workflow("""
                {'1': {'class_type': 'LoraLoader|pysssss', 'inputs': {'lora_name': 'style.safetensors'}},
                 '2': {'class_type': 'SomeCustomDetector', 'inputs': {'model_name': 'detector.pth'}}}
                """);

        assertThat(ModelReferences.of(graph))
                .extracting(RequiredModel::relative)
                .containsExactly("loras/style.safetensors");
    }

    @Test
    void ignoresLinksBuiltInNamesAndTextWithoutAModelExtension() {
        Workflow graph = workflow("""
                {'1': {'class_type': 'VAELoader', 'inputs': {'vae_name': 'taesd'}},
                 '2': {'class_type': 'CheckpointLoaderSimple', 'inputs': {'ckpt_name': ['3', 0]}},
                 '3': {'class_type': 'PrimitiveNode', 'inputs': {'value': 'x.safetensors'}}}
                """);

        assertThat(ModelReferences.of(graph)).isEmpty();
    }

    @Test
    void aNameThatWouldLeaveItsFolderHasNoPath() {
        Workflow graph = workflow(
                "{'1': {'class_type': 'CheckpointLoaderSimple', 'inputs': {'ckpt_name': '../../etc/x.ckpt'}}}");

        assertThat(ModelReferences.of(graph))
                .singleElement()
                .satisfies(model -> assertThat(model.path()).isEmpty());
    }
}
