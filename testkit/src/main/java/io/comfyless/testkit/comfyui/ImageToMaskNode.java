package io.comfyless.testkit.comfyui;

import java.awt.image.BufferedImage;
import java.util.List;

/** {@code ImageToMask}: one channel of the image as a mask. IMAGE has no alpha, so "alpha" fails as in ComfyUI. */
final class ImageToMaskNode extends FixedSchemaNode {

    private static final List<String> CHANNELS = List.of("red", "green", "blue", "alpha");

    ImageToMaskNode() {
        super(NodeSchema.maskNode("ImageToMask")
                .displayName("Convert Image to Mask")
                .input(InputSpec.socket("image", "IMAGE"))
                .input(InputSpec.combo("channel", CHANNELS))
                .outputs("MASK")
                .build());
    }

    @Override
    public NodeOutput execute(NodeContext context) {
        int channel = CHANNELS.indexOf(context.text("channel"));
        if (channel == 3) {
            throw new PythonError("IndexError", "index 3 is out of bounds for dimension 3 with size 3");
        }
        return NodeOutput.each(context.images("image"), image -> toMask(image, channel));
    }

    private static Mask toMask(BufferedImage image, int channel) {
        return new Mask(image.getWidth(), image.getHeight(), Images.channels(image)[channel]);
    }
}
