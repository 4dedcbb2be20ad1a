package io.comfyless.runner.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * ComfyUI refused a prompt with 400 (unknown node, bad value, missing model file). Deterministic:
 * running it again elsewhere gives the same answer.
 */
public final class PromptRejectedException extends RuntimeException {

    private final transient JsonNode body;

    public PromptRejectedException(JsonNode body) {
        super(describe(body));
        this.body = body;
    }

    public JsonNode body() {
        return body;
    }

    /** The first node ComfyUI blamed, if any. */
    public String nodeId() {
        Iterator<String> nodes = body.path("node_errors").fieldNames();
        return nodes.hasNext() ? nodes.next() : null;
    }

    public String nodeType() {
        String node = nodeId();
        return node == null
                ? null
                : body.path("node_errors").path(node).path("class_type").asText(null);
    }

    private static String describe(JsonNode body) {
        JsonNode error = body.path("error");
        StringBuilder message = new StringBuilder(error.path("message").asText("ComfyUI rejected the prompt"));
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
