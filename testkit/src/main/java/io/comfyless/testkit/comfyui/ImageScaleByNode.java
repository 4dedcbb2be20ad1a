package io.comfyless.testkit.comfyui;

import java.awt.image.BufferedImage;
import java.util.List;

/** {@code ImageScaleBy}: resize by a factor, rounding the new size like Python's {@code round}. */
final class ImageScaleByNode extends FixedSchemaNode {

    ImageScaleByNode() {
        super(NodeSchema.imageFilter("ImageScaleBy")
                .displayName("Upscale Image By")
                .category("image/upscaling")
                .input(InputSpec.combo("upscale_method", ImageScaleNode.UPSCALE_METHODS))
                .input(InputSpec.floating("scale_by", 1.0, 0.01, 8.0, 0.01))
                .build());
    }

    @Override
    public NodeOutput execute(NodeContext context) {
        List<BufferedImage> images = context.images("image");
        double scale = context.number("scale_by");
        int width = (int) Math.rint(images.get(0).getWidth() * scale);
        int height = (int) Math.rint(images.get(0).getHeight() * scale);
        if (width <= 0 || height <= 0) {
            throw new PythonError(
                    "RuntimeError",
                    "Input and output sizes should be greater than 0, but got input (H: "
                            + images.get(0).getHeight() + ", W: "
                            + images.get(0).getWidth() + ") output (H: " + height
                            + ", W: " + width + ")");
        }
        String method = context.text("upscale_method");
        return NodeOutput.each(images, image -> Images.upscale(image, method, width, height, "disabled"));
    }
}
