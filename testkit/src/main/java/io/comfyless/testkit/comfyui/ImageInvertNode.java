package io.comfyless.testkit.comfyui;

import java.awt.image.BufferedImage;

/** {@code ImageInvert}: {@code 1.0 - image} on every channel. */
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
        int width = image.getWidth();
        int height = image.getHeight();
        int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = ~pixels[i] & 0xFFFFFF;
        }
        BufferedImage inverted = Images.rgb(width, height);
        inverted.setRGB(0, 0, width, height, pixels, 0, width);
        return inverted;
    }
}
