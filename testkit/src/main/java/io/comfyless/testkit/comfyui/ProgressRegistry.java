package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ComfyUI's progress registry: every start, update and finish of a node sends a {@code progress_state} with the state
 * of all nodes that are running or finished in this prompt.
 */
final class ProgressRegistry {

    private final String promptId;
    private final ExecutionMessages messages;
    private final Map<String, ObjectNode> nodes = new LinkedHashMap<>();

    ProgressRegistry(String promptId, ExecutionMessages messages) {
        this.promptId = promptId;
        this.messages = messages;
    }

    void start(String nodeId) {
        entry(nodeId).put("value", 0.0).put("max", 1.0).put("state", "running");
        send();
    }

    void update(String nodeId, long value, long max) {
        entry(nodeId).put("value", value).put("max", max).put("state", "running");
        send();
    }

    void finish(String nodeId) {
        ObjectNode entry = entry(nodeId);
        entry.set("value", entry.get("max"));
        entry.put("state", "finished");
        send();
    }

    private ObjectNode entry(String nodeId) {
        return nodes.computeIfAbsent(nodeId, id -> {
            ObjectNode node = ComfyUiJson.object()
                    .put("value", 0)
                    .put("max", 1)
                    .put("state", "pending")
                    .put("node_id", id)
                    .put("prompt_id", promptId)
                    .put("display_node_id", id);
            node.putNull("parent_node_id");
            return node.put("real_node_id", id);
        });
    }

    private void send() {
        ObjectNode active = ComfyUiJson.object();
        nodes.forEach((id, state) -> active.set(id, state.deepCopy()));
        ObjectNode data = ComfyUiJson.object().put("prompt_id", promptId);
        data.set("nodes", active);
        messages.toSubmitterOrEveryone("progress_state", data);
    }
}
