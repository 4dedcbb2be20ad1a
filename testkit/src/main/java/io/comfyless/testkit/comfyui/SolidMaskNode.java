package io.comfyless.testkit.comfyui;

import java.util.List;

/** {@code SolidMask}: a one-mask batch filled with a value. */
final class SolidMaskNode extends FixedSchemaNode {

    SolidMaskNode() {
        super(NodeSchema.maskNode("SolidMask")
                .input(InputSpec.floating("value", 1.0, 0.0, 1.0, 0.01))
                .input(InputSpec.integer("width", 512, 1, NodeLibrary.MAX_RESOLUTION, 1L))
                .input(InputSpec.integer("height", 512, 1, NodeLibrary.MAX_RESOLUTION, 1L))
                .outputs("MASK")
                .build());
    }

    @Override
    public NodeOutput execute(NodeContext context) {
        Mask mask = Mask.filled(
                (int) context.integer("width"), (int) context.integer("height"), (float) context.number("value"));
        return NodeOutput.of(List.of(mask));
    }
}
