package io.comfyless.testkit.comfyui;

import java.awt.image.BufferedImage;

/** {@code MaskToImage}: a grey image whose three channels are the mask. */
final class MaskToImageNode implements ComfyNode {

    private static final NodeSchema SCHEMA = NodeSchema.builder("MaskToImage")
            .displayName("Convert Mask to Image")
            .category("mask")
            .pythonModule("comfy_extras.nodes_mask")
            .input(InputSpec.socket("mask", "MASK"))
            .outputs("IMAGE")
            .build();

    @Override
    public NodeSchema schema() {
        return SCHEMA;
    }

    @Override
    public NodeOutput execute(NodeContext context) {
        return NodeOutput.of(
                context.masks("mask").stream().map(MaskToImageNode::toImage).toList());
    }

    private static BufferedImage toImage(Mask mask) {
        float[] grey = mask.values();
        return Images.fromChannels(new float[][] {grey, grey, grey}, mask.width(), mask.height());
    }
}
