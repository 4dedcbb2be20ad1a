package io.comfyless.testkit.comfyui;

import java.awt.image.BufferedImage;

/** {@code MaskToImage}: a grey image whose three channels are the mask. */
final class MaskToImageNode extends FixedSchemaNode {

    MaskToImageNode() {
        super(NodeSchema.maskNode("MaskToImage")
                .displayName("Convert Mask to Image")
                .input(InputSpec.socket("mask", "MASK"))
                .outputs("IMAGE")
                .build());
    }

    @Override
    public NodeOutput execute(NodeContext context) {
        return NodeOutput.each(context.masks("mask"), MaskToImageNode::toImage);
    }

    private static BufferedImage toImage(Mask mask) {
        float[] grey = mask.values();
        return Images.fromChannels(new float[][] {grey, grey, grey}, mask.width(), mask.height());
    }
}
