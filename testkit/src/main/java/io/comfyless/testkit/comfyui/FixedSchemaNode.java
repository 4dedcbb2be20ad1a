package io.comfyless.testkit.comfyui;

/** A {@link ComfyNode} whose schema is built once and never changes, unlike {@code LoadImage}'s list of files. */
abstract class FixedSchemaNode implements ComfyNode {

    private final NodeSchema schema;

    FixedSchemaNode(NodeSchema schema) {
        this.schema = schema;
    }

    @Override
    public final NodeSchema schema() {
        return schema;
    }
}
