package io.comfyless.testkit.comfyui;

import java.util.Objects;

/** Which nodes a fault applies to: every node of a class ({@code ofClass("ImageInvert")}) or one node id ({@code ofNode("2")}). */
public final class NodeTarget {

    private final String classType;
    private final String nodeId;

    private NodeTarget(String classType, String nodeId) {
        this.classType = classType;
        this.nodeId = nodeId;
    }

    /** Every node whose {@code class_type} is the given one, in every prompt. */
    public static NodeTarget ofClass(String classType) {
        return new NodeTarget(Objects.requireNonNull(classType, "classType"), null);
    }

    /** The node with this id in the prompt, in every prompt. */
    public static NodeTarget ofNode(String nodeId) {
        return new NodeTarget(null, Objects.requireNonNull(nodeId, "nodeId"));
    }

    boolean matches(String id, String type) {
        return classType != null ? classType.equals(type) : nodeId.equals(id);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NodeTarget that
                && Objects.equals(classType, that.classType)
                && Objects.equals(nodeId, that.nodeId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(classType, nodeId);
    }

    @Override
    public String toString() {
        return classType != null ? "class " + classType : "node " + nodeId;
    }
}
