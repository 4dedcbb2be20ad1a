package io.comfyless.testkit.comfyui;

import java.awt.image.BufferedImage;

/** {@code ImageInvert}: {@code 1.0 - image} on every float channel, so 0xCC inverts to 50 (ComfyUI truncates). */
final class ImageInvertNode extends FixedSchemaNode {

    ImageInvertNode() {
        super(NodeSchema.imageFilter("ImageInvert").displayName("Invert Image").build());
    }

    @Override
    public NodeOutput execute(NodeContext context) {
        return NodeOutput.each(context.images("image"), ImageInvertNode::invert);
    }

    private static BufferedImage invert(BufferedImage image) {
        float[][] planes = Images.channels(image);
        for (float[] plane : planes) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] = 1f - plane[i];
            }
        }
        return Images.fromChannels(planes, image.getWidth(), image.getHeight());
    }
}
