package io.comfyless.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.error.UnprocessableWorkflowException;
import io.comfyless.core.error.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns every workflow shape the API accepts into ComfyUI's API format:
 * <ul>
 *   <li>API format itself, or a ComfyUI {@code /prompt} body ({@code {"prompt": {...}}});</li>
 *   <li>seed 002's wrapper {@code {"nodes": {id: {class_type, inputs: {...}}}, "metadata": {...}}};</li>
 *   <li>seed 001's node list, where {@code inputs} is {@code [{name, type, value}]}.</li>
 * </ul>
 * A UI-format export (the graph editor's own file, with {@code nodes[]} and {@code links[]}) cannot
 * be run without ComfyUI's node definitions, so it is refused with a message that says how to
 * export the right format.
 */
public final class WorkflowNormalizer {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WorkflowNormalizer() {}

    public static Workflow normalize(JsonNode workflow, String field) {
        if (workflow == null || workflow.isNull() || workflow.isMissingNode()) {
            throw ValidationException.of(ErrorCodes.REQUIRED_FIELD, field, "Field '" + field + "' is required");
        }
        if (!workflow.isObject()) {
            throw ValidationException.of(
                    ErrorCodes.INVALID_TYPE,
                    field,
                    "Field '" + field + "' must be a JSON object of nodes, got "
                            + workflow.getNodeType().name().toLowerCase());
        }
        if (isUiFormat(workflow)) {
            throw new UnprocessableWorkflowException(
                    "This is a ComfyUI UI-format workflow (the editor's own save file, with 'nodes' and 'links' lists). "
                            + "Export it in API format instead: enable dev mode options in ComfyUI's settings, then use "
                            + "'Export (API)' / 'Save (API Format)'.",
                    List.of(ErrorDetail.field(
                            ErrorCodes.UI_FORMAT_WORKFLOW,
                            field,
                            "UI-format workflows are not accepted; use API format")));
        }
        JsonNode graph = workflow;
        String graphField = field;
        if (workflow.get("nodes") instanceof ObjectNode nodes) {
            requireObjectOrNull(workflow.get("metadata"), field + ".metadata");
            graph = nodes;
            graphField = field + ".nodes";
        } else if (workflow.get("prompt") instanceof ObjectNode prompt && !looksLikeNode(workflow.get("prompt"))) {
            graph = prompt;
            graphField = field + ".prompt";
        }
        ObjectNode api = NODES.objectNode();
        List<ErrorDetail> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) graph::fields) {
            api.set(entry.getKey(), normalizeNode(entry.getKey(), entry.getValue(), graphField, problems));
        }
        if (api.isEmpty()) {
            problems.add(ErrorDetail.field(ErrorCodes.EMPTY_WORKFLOW, graphField, "The workflow has no nodes"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(
                    "Workflow is not in a recognised format: " + problems.get(0).message(), problems);
        }
        return Workflow.of(api);
    }

    /** The wrapper's {@code metadata} is free-form, but an object: anything else is a mistake worth naming. */
    private static void requireObjectOrNull(JsonNode value, String field) {
        if (value != null && !value.isNull() && !value.isObject()) {
            throw ValidationException.of(
                    ErrorCodes.INVALID_TYPE,
                    field,
                    "Field '" + field + "' must be a JSON object, got "
                            + value.getNodeType().name().toLowerCase());
        }
    }

    private static boolean isUiFormat(JsonNode workflow) {
        return workflow.get("nodes") instanceof ArrayNode
                || workflow.has("links") && workflow.get("links").isArray()
                || workflow.has("last_node_id");
    }

    private static boolean looksLikeNode(JsonNode value) {
        return value.has("class_type");
    }

    private static JsonNode normalizeNode(String id, JsonNode node, String graphField, List<ErrorDetail> problems) {
        if (!(node instanceof ObjectNode object)) {
            problems.add(ErrorDetail.node(
                    ErrorCodes.INVALID_NODE,
                    id,
                    null,
                    "Node '" + id + "' must be an object with 'class_type' and 'inputs'"));
            return node;
        }
        ObjectNode out = NODES.objectNode();
        if (object.has("class_type")) {
            out.set("class_type", object.get("class_type"));
        }
        JsonNode inputs = object.get("inputs");
        if (inputs instanceof ArrayNode list) {
            out.set("inputs", inputsFromList(id, list, problems));
        } else if (inputs instanceof ObjectNode map) {
            out.set("inputs", normalizeLinks(map));
        } else if (inputs != null) {
            out.set("inputs", inputs);
        }
        if (object.has("_meta")) {
            out.set("_meta", object.get("_meta"));
        }
        return out;
    }

    /** Seed 001 style: {@code [{"name": "seed", "type": "INT", "value": 1}]}. */
    private static ObjectNode inputsFromList(String id, ArrayNode list, List<ErrorDetail> problems) {
        ObjectNode inputs = NODES.objectNode();
        for (JsonNode input : list) {
            JsonNode name = input.get("name");
            if (name == null || !name.isTextual() || !input.has("value")) {
                problems.add(ErrorDetail.node(
                        ErrorCodes.INVALID_INPUT,
                        id,
                        name == null ? null : name.asText(),
                        "Node '" + id + "' has an input entry without 'name' and 'value'"));
                continue;
            }
            inputs.set(name.asText(), normalizeLink(input.get("value")));
        }
        return inputs;
    }

    private static ObjectNode normalizeLinks(ObjectNode inputs) {
        ObjectNode out = NODES.objectNode();
        inputs.fields().forEachRemaining(e -> out.set(e.getKey(), normalizeLink(e.getValue())));
        return out;
    }

    /** {@code [5, 0]} and {@code ["5", 0]} mean the same link; ComfyUI only understands the second. */
    private static JsonNode normalizeLink(JsonNode value) {
        if (value instanceof ArrayNode link && link.size() == 2 && link.get(0).isIntegralNumber()) {
            ArrayNode copy = NODES.arrayNode();
            copy.add(link.get(0).asText());
            copy.add(link.get(1));
            return copy;
        }
        return value;
    }
}
