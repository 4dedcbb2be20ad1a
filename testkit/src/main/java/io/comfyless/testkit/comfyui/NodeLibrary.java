package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node classes this double knows ({@code NODE_CLASS_MAPPINGS}). Anything else, KSampler included, is answered as
 * ComfyUI answers a class it does not have.
 */
final class NodeLibrary {

    static final long MAX_RESOLUTION = 16384;

    private final Map<String, ComfyNode> nodes = new LinkedHashMap<>();

    private NodeLibrary(List<ComfyNode> nodes) {
        nodes.forEach(node -> this.nodes.put(node.schema().classType(), node));
    }

    static NodeLibrary standard(ComfyUiOutputFiles files) {
        return new NodeLibrary(List.of(
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
    }

    Optional<ComfyNode> find(String classType) {
        return Optional.ofNullable(nodes.get(classType));
    }

    /** {@code GET /object_info}. */
    ObjectNode objectInfo() {
        ObjectNode all = ComfyUiJson.object();
        nodes.forEach((name, node) -> all.set(name, node.schema().objectInfo()));
        return all;
    }

    /** {@code GET /object_info/{class}}: {@code {}} for an unknown class. */
    ObjectNode objectInfo(String classType) {
        ObjectNode one = ComfyUiJson.object();
        find(classType).ifPresent(node -> one.set(classType, node.schema().objectInfo()));
        return one;
    }
}
