package io.comfyless.testkit.comfyui;

import java.awt.image.BufferedImage;

/** {@code ImageInvert}: {@code 1.0 - image} on every float channel, so 0xCC inverts to 50 (ComfyUI truncates). */
final class ImageInvertNode implements ComfyNode {

    private static final NodeSchema SCHEMA = NodeSchema.builder("ImageInvert")
            .displayName("Invert Image")
            .input(InputSpec.socket("image", "IMAGE"))
            .outputs("IMAGE")
            .build();

    @Override
    public NodeSchema schema() {
        return SCHEMA;
    }

    @Override
    public NodeOutput execute(NodeContext context) {
        return NodeOutput.of(
                context.images("image").stream().map(ImageInvertNode::invert).toList());
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
