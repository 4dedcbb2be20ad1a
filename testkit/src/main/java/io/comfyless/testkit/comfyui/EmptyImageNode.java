package io.comfyless.testkit.comfyui;

import java.awt.image.BufferedImage;
import java.util.Collections;

/** {@code EmptyImage}: a batch of images filled with one colour, given as a 0xRRGGBB int. */
final class EmptyImageNode extends FixedSchemaNode {

    EmptyImageNode() {
        super(NodeSchema.builder("EmptyImage")
                .input(InputSpec.integer("width", 512, 1, NodeLibrary.MAX_RESOLUTION, 1L))
                .input(InputSpec.integer("height", 512, 1, NodeLibrary.MAX_RESOLUTION, 1L))
                .input(InputSpec.integer("batch_size", 1, 1, 4096, null))
                .input(InputSpec.integer("color", 0, 0, 0xFFFFFF, 1L).withOption("display", "color"))
                .outputs("IMAGE")
                .build());
    }

    @Override
    public NodeOutput execute(NodeContext context) {
        int width = (int) context.integer("width");
        int height = (int) context.integer("height");
        int color = (int) context.integer("color") & 0xFFFFFF;
        BufferedImage image = Images.solid(width, height, color);
        return NodeOutput.of(Collections.nCopies((int) context.integer("batch_size"), image));
    }
}
