package io.comfyless.runner.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ComfyUI refused a prompt with 400 (unknown node, bad value, missing model file). Deterministic:
 * running it again elsewhere gives the same answer.
 */
public final class PromptRejectedException extends RuntimeException {

    /** Where ComfyUI names the node of a prompt-level error: {@code "details": "Node ID '#2'"}. */
    private static final Pattern NODE_IN_DETAILS = Pattern.compile("Node ID '#([^']*)'");

    private static final Pattern CLASS_IN_MESSAGE = Pattern.compile("because node (.+) does not exist");

    private final transient JsonNode body;

    /** One thing ComfyUI found wrong with one node, for the job's log. */
    public record Reason(String nodeId, String nodeType, String text) {}

    public PromptRejectedException(JsonNode body) {
        super(describe(body));
        this.body = body;
    }

    public JsonNode body() {
        return body;
    }

    /** The answer ComfyUI 0.8.0 gives for a class it does not have, for servers that answer it with a 500. */
    static PromptRejectedException unknownNode(String nodeId, String classType) {
        ObjectNode error = Json.object()
                .put("type", "invalid_prompt")
                .put("message", "Cannot execute because node " + classType + " does not exist.")
                .put("details", "Node ID '#" + nodeId + "'");
        ObjectNode body = Json.object();
        body.set("error", error);
        body.set("node_errors", Json.object());
        return new PromptRejectedException(body);
    }

    /** The first node ComfyUI blamed, if any: in {@code node_errors}, else in the error's {@code details}. */
    public String nodeId() {
        Iterator<String> nodes = body.path("node_errors").fieldNames();
        if (nodes.hasNext()) {
            return nodes.next();
        }
        Matcher named =
                NODE_IN_DETAILS.matcher(body.path("error").path("details").asText(""));
        return named.find() ? named.group(1) : null;
    }

    public String nodeType() {
        String node = nodeId();
        if (node == null) {
            return null;
        }
        String listed = body.path("node_errors").path(node).path("class_type").asText(null);
        if (listed != null) {
            return listed;
        }
        Matcher missing =
                CLASS_IN_MESSAGE.matcher(body.path("error").path("message").asText(""));
        return missing.find() ? missing.group(1) : null;
    }

    /** Every reason ComfyUI gave, node by node; the prompt-level error when it named no node errors. */
    public List<Reason> reasons() {
        List<Reason> reasons = new ArrayList<>();
        for (Map.Entry<String, JsonNode> node : body.path("node_errors").properties()) {
            String type = node.getValue().path("class_type").asText(null);
            for (JsonNode reason : node.getValue().path("errors")) {
                reasons.add(new Reason(node.getKey(), type, reasonText(reason)));
            }
        }
        if (reasons.isEmpty()) {
            reasons.add(new Reason(nodeId(), nodeType(), reasonText(body.path("error"))));
        }
        return reasons;
    }

    private static String reasonText(JsonNode reason) {
        String message = reason.path("message").asText("ComfyUI rejected the prompt");
        String details = reason.path("details").asText("");
        return details.isEmpty() ? message : message + " [" + details + "]";
    }

    private static String describe(JsonNode body) {
        JsonNode error = body.path("error");
        StringBuilder message = new StringBuilder(error.path("message").asText("ComfyUI rejected the prompt"));
        Matcher named = NODE_IN_DETAILS.matcher(error.path("details").asText(""));
        if (!body.path("node_errors").fieldNames().hasNext() && named.find()) {
            message.append(" (node ").append(named.group(1)).append(')');
        }
        Iterator<Map.Entry<String, JsonNode>> nodes = body.path("node_errors").fields();
        while (nodes.hasNext()) {
            Map.Entry<String, JsonNode> node = nodes.next();
            for (JsonNode reason : node.getValue().path("errors")) {
                message.append("; node ")
                        .append(node.getKey())
                        .append(" (")
                        .append(node.getValue().path("class_type").asText("?"))
                        .append("): ")
                        .append(reason.path("message").asText());
                String details = reason.path("details").asText("");
                if (!details.isEmpty()) {
                    message.append(" [").append(details).append(']');
                }
            }
        }
        return message.toString();
    }
}
