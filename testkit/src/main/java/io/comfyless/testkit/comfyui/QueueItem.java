package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A queued prompt, ComfyUI's tuple {@code (number, prompt_id, prompt, extra_data, outputs_to_execute)}; ordered by
 * number, then prompt id, as the heap orders it.
 */
record QueueItem(JsonNode number, String promptId, ObjectNode prompt, ObjectNode extraData, List<String> outputs)
        implements Comparable<QueueItem> {

    QueueItem {
        outputs = List.copyOf(outputs);
    }

    /** The submitter's client_id from {@code extra_data}, or null: then only broadcasts reach anyone. */
    String clientId() {
        JsonNode clientId = extraData.get("client_id");
        return clientId == null || clientId.isNull() ? null : PythonText.str(clientId);
    }

    /** The five-element list that {@code GET /queue} and the history entry's {@code prompt} show. */
    ArrayNode toJson() {
        return ComfyUiJson.array()
                .add(number)
                .add(promptId)
                .add(prompt)
                .add(extraData)
                .add(ComfyUiJson.strings(outputs));
    }

    @Override
    public int compareTo(QueueItem other) {
        int byNumber = Double.compare(number.doubleValue(), other.number.doubleValue());
        return byNumber != 0 ? byNumber : promptId.compareTo(other.promptId);
    }
}
