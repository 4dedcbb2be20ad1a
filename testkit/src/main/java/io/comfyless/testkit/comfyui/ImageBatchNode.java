package io.comfyless.testkit.comfyui;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** {@code ImageBatch}: concatenates two batches; the second is resized (bilinear, center crop) to the first's size. */
final class ImageBatchNode extends FixedSchemaNode {

    ImageBatchNode() {
        super(NodeSchema.builder("ImageBatch")
                .displayName("Batch Images")
                .input(InputSpec.socket("image1", "IMAGE"))
                .input(InputSpec.socket("image2", "IMAGE"))
                .outputs("IMAGE")
                .build());
    }

    @Override
    public NodeOutput execute(NodeContext context) {
        List<BufferedImage> first = context.images("image1");
        List<BufferedImage> second = context.images("image2");
        int width = first.get(0).getWidth();
        int height = first.get(0).getHeight();
        List<BufferedImage> batch = new ArrayList<>(first);
        for (BufferedImage image : second) {
            boolean sameSize = image.getWidth() == width && image.getHeight() == height;
            batch.add(sameSize ? image : Images.upscale(image, "bilinear", width, height, "center"));
        }
        return NodeOutput.of(List.copyOf(batch));
    }
}
