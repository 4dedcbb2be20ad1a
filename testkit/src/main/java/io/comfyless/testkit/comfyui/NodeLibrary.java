package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node classes this double knows ({@code NODE_CLASS_MAPPINGS}): the model-free nodes it runs and, where the 0.8.0
 * recording is at hand, the {@link WeightsNode}s that the project's workflows use, which validation always refuses
 * for want of model files. Anything else is answered as ComfyUI answers a class it does not have. {@code /object_info} describes them with the entries recorded from ComfyUI
 * 0.8.0 ({@link Recorded080}) where that recording is at hand, with each list of choices as it is here and now (files in
 * the input folder, no checkpoints), and from the nodes' own schemas otherwise.
 */
final class NodeLibrary {

    static final long MAX_RESOLUTION = 16384;

    private final Map<String, ComfyNode> nodes = new LinkedHashMap<>();

    private NodeLibrary(List<ComfyNode> nodes) {
        nodes.forEach(node -> this.nodes.put(node.schema().classType(), node));
    }

    static NodeLibrary standard(ComfyUiOutputFiles files) {
        List<ComfyNode> nodes = new ArrayList<>(List.of(
                new EmptyImageNode(),
                new ImageScaleNode(),
                new ImageScaleByNode(),
                new ImageInvertNode(),
                new ImageBatchNode(),
                new LoadImageNode(files),
                new SaveImageNode(),
                new PreviewImageNode(),
                new ImageBlurNode(),
                new SolidMaskNode(),
                new MaskToImageNode(),
                new ImageToMaskNode()));
        nodes.addAll(WeightsNode.recorded());
        return new NodeLibrary(nodes);
    }

    Optional<ComfyNode> find(String classType) {
        return Optional.ofNullable(nodes.get(classType));
    }

    /** {@code GET /object_info}. */
    ObjectNode objectInfo() {
        Optional<ObjectNode> recorded = Recorded080.objectInfo();
        ObjectNode all = ComfyUiJson.object();
        nodes.forEach((name, node) -> all.set(name, describe(node.schema(), recorded)));
        return all;
    }

    /** {@code GET /object_info/{class}}: {@code {}} for an unknown class. */
    ObjectNode objectInfo(String classType) {
        ObjectNode one = ComfyUiJson.object();
        find(classType).ifPresent(node -> one.set(classType, describe(node.schema(), Recorded080.objectInfo())));
        return one;
    }

    private static ObjectNode describe(NodeSchema schema, Optional<ObjectNode> recorded) {
        JsonNode entry = recorded.map(all -> all.get(schema.classType())).orElse(null);
        if (!(entry instanceof ObjectNode recordedEntry)) {
            return schema.objectInfo();
        }
        ObjectNode live = recordedEntry.deepCopy();
        for (InputSpec spec : schema.required()) {
            if (spec.isCombo() && live.at("/input/required/" + spec.name()) instanceof ArrayNode declared) {
                withChoices(declared, spec.choices());
            }
        }
        return live;
    }

    /** Puts today's choices into a recorded combo, in whichever shape it was recorded: {@code [[...]]} or {@code ["COMBO", {"options": [...]}]}. */
    private static void withChoices(ArrayNode declared, List<String> choices) {
        if (declared.path(0).isArray()) {
            declared.set(0, ComfyUiJson.strings(choices));
        } else if (declared.path(1) instanceof ObjectNode options && options.has("options")) {
            options.set("options", ComfyUiJson.strings(choices));
        }
    }
}
