package io.comfyless.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workflow in ComfyUI's API format, the only shape ComfyLess stores and sends to ComfyUI:
 * {@code {node_id: {"class_type", "inputs": {name: literal | [node_id, output_index]}}}}.
 * Instances own a private copy of the graph; "with" methods return modified copies.
 */
public final class Workflow {

    private final ObjectNode graph;

    private Workflow(ObjectNode graph) {
        this.graph = graph;
    }

    /** Wraps an API-format graph without checking it; see {@link WorkflowValidator}. */
    public static Workflow of(ObjectNode graph) {
        return new Workflow(graph.deepCopy());
    }

    public List<String> nodeIds() {
        List<String> ids = new ArrayList<>();
        graph.fieldNames().forEachRemaining(ids::add);
        return ids;
    }

    public int size() {
        return graph.size();
    }

    public Optional<JsonNode> node(String id) {
        return Optional.ofNullable(graph.get(id));
    }

    public Optional<String> classType(String nodeId) {
        return node(nodeId)
                .map(node -> node.path("class_type"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText);
    }

    /** Inputs of a node in declaration order; empty when the node has none or does not exist. */
    public Map<String, JsonNode> inputs(String nodeId) {
        Map<String, JsonNode> inputs = new LinkedHashMap<>();
        node(nodeId)
                .map(node -> node.get("inputs"))
                .filter(JsonNode::isObject)
                .ifPresent(object -> object.fields().forEachRemaining(e -> inputs.put(e.getKey(), e.getValue())));
        return inputs;
    }

    /** The graph as JSON, for ComfyUI's {@code POST /prompt} or for storage. A copy. */
    public ObjectNode toJson() {
        return graph.deepCopy();
    }

    /** A copy with one input of one node set to {@code value}. The node must exist. */
    public Workflow withInput(String nodeId, String input, JsonNode value) {
        ObjectNode copy = graph.deepCopy();
        ObjectNode node = (ObjectNode) copy.get(nodeId);
        JsonNode inputs = node.get("inputs");
        ObjectNode target = inputs instanceof ObjectNode object ? object : node.putObject("inputs");
        target.set(input, value);
        return new Workflow(copy);
    }

    /**
     * Whether an input value is a link: ComfyUI treats every list input as {@code [node_id, index]};
     * literal lists travel wrapped as {@code {"__value__": [...]}}.
     */
    public static boolean isLink(JsonNode value) {
        return value instanceof ArrayNode;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Workflow workflow && workflow.graph.equals(graph);
    }

    @Override
    public int hashCode() {
        return graph.hashCode();
    }

    @Override
    public String toString() {
        return graph.toString();
    }
}
