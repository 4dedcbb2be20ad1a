package io.comfyless.core.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.json.Json;

/** Small workflows for tests, written as JSON so they read like what clients send. */
final class Graphs {

    private Graphs() {}

    static ObjectNode json(String text) {
        return (ObjectNode) Json.read(text.replace('\'', '"'));
    }

    static Workflow workflow(String text) {
        return WorkflowNormalizer.normalize(json(text), "workflow");
    }

    /** An SD 1.5 text-to-image graph: sampler 3, checkpoint 4, latent 5, positive 6, negative 7. */
    static Workflow txt2img() {
        return workflow("""
                {'3': {'class_type': 'KSampler', 'inputs': {'seed': 1, 'steps': 20, 'cfg': 8, 'sampler_name': 'euler',
                        'scheduler': 'normal', 'denoise': 1, 'model': ['4', 0], 'positive': ['6', 0], 'negative': ['7', 0],
                        'latent_image': ['5', 0]}},
                 '4': {'class_type': 'CheckpointLoaderSimple', 'inputs': {'ckpt_name': 'sd15.safetensors'}},
                 '5': {'class_type': 'EmptyLatentImage', 'inputs': {'width': 512, 'height': 512, 'batch_size': 1}},
                 '6': {'class_type': 'CLIPTextEncode', 'inputs': {'text': 'a lake', 'clip': ['4', 1]}},
                 '7': {'class_type': 'CLIPTextEncode', 'inputs': {'text': 'blurry', 'clip': ['4', 1]}},
                 '8': {'class_type': 'VAEDecode', 'inputs': {'samples': ['3', 0], 'vae': ['4', 2]}},
                 '9': {'class_type': 'SaveImage', 'inputs': {'filename_prefix': 'out', 'images': ['8', 0]}}}
                """);
    }
}
