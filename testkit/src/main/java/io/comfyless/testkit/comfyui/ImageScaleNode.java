package io.comfyless.testkit.comfyui;

import java.awt.image.BufferedImage;
import java.util.List;

/** {@code ImageScale}: resize to a width and height; 0 for one side keeps the aspect ratio, 0 for both is a no-op. */
final class ImageScaleNode extends FixedSchemaNode {

    static final List<String> UPSCALE_METHODS = List.of("nearest-exact", "bilinear", "area", "bicubic", "lanczos");

    ImageScaleNode() {
        super(NodeSchema.imageFilter("ImageScale")
                .displayName("Upscale Image")
                .category("image/upscaling")
                .input(InputSpec.combo("upscale_method", UPSCALE_METHODS))
                .input(InputSpec.integer("width", 512, 0, NodeLibrary.MAX_RESOLUTION, 1L))
                .input(InputSpec.integer("height", 512, 0, NodeLibrary.MAX_RESOLUTION, 1L))
                .input(InputSpec.combo("crop", List.of("disabled", "center")))
                .build());
    }

    @Override
    public NodeOutput execute(NodeContext context) {
        List<BufferedImage> images = context.images("image");
        int width = (int) context.integer("width");
        int height = (int) context.integer("height");
        if (width == 0 && height == 0) {
            return NodeOutput.of(images);
        }
        BufferedImage first = images.get(0);
        if (width == 0) {
            width = (int) Math.max(1, Math.rint((double) first.getWidth() * height / first.getHeight()));
        } else if (height == 0) {
            height = (int) Math.max(1, Math.rint((double) first.getHeight() * width / first.getWidth()));
        }
        String method = context.text("upscale_method");
        String crop = context.text("crop");
        int w = width;
        int h = height;
        return NodeOutput.each(images, image -> Images.upscale(image, method, w, h, crop));
    }
}
