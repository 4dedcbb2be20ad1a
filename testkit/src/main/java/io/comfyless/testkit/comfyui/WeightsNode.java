package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node that needs model weights (a checkpoint loader, a sampler, a VAE), known only from the 0.8.0 recording
 * ({@link Recorded080}) so that the double validates the project's Stable Diffusion workflows as a ComfyUI without
 * model files does: the loaders' file lists are empty, so every prompt that uses one is refused with
 * {@code value_not_in_list} under the loader's id. No prompt that reaches these nodes passes validation (each needs a
 * loader's output, or is one), so they never run.
 */
final class WeightsNode extends FixedSchemaNode {

    /** The weight-bound node types the project's sample workflows use. */
    static final List<String> CLASSES = List.of(
            "CheckpointLoaderSimple",
            "CLIPTextEncode",
            "EmptyLatentImage",
            "KSampler",
            "VAEDecode",
            "VAEEncode",
            "UpscaleModelLoader",
            "ImageUpscaleWithModel");

    private WeightsNode(NodeSchema schema) {
        super(schema);
    }

    /** The recorded node types of {@link #CLASSES}; none when the recording is absent. */
    static List<ComfyNode> recorded() {
        Optional<ObjectNode> catalogue = Recorded080.objectInfo();
        List<ComfyNode> nodes = new ArrayList<>();
        catalogue.ifPresent(all -> CLASSES.forEach(name -> nodes.add(new WeightsNode(schema(name, all.get(name))))));
        return nodes;
    }

    @Override
    public NodeOutput execute(NodeContext context) {
        throw new PythonError("RuntimeError", schema().classType() + " needs model weights, which the double has not");
    }

    private static NodeSchema schema(String classType, JsonNode entry) {
        NodeSchema.Builder builder = NodeSchema.builder(classType);
        for (Map.Entry<String, JsonNode> input :
                entry.path("input").path("required").properties()) {
            builder.input(spec(input.getKey(), input.getValue()));
        }
        entry.path("output").forEach(type -> builder.outputs(type.asText()));
        if (entry.path("output_node").asBoolean(false)) {
            builder.outputNode();
        }
        return builder.build();
    }

    /** {@code ["INT", {...}]}, {@code [["a", "b"], {...}]} or {@code ["COMBO", {"options": [...]}]}. */
    private static InputSpec spec(String name, JsonNode declared) {
        JsonNode type = declared.path(0);
        ObjectNode options = declared.path(1) instanceof ObjectNode o ? o.deepCopy() : null;
        if (type.isArray() || "COMBO".equals(type.asText())) {
            JsonNode listed = type.isArray() ? type : declared.path(1).path("options");
            List<String> choices = new ArrayList<>();
            listed.forEach(choice -> choices.add(choice.asText()));
            return InputSpec.combo(name, choices, options);
        }
        return new InputSpec(name, type.asText(), null, options);
    }
}
