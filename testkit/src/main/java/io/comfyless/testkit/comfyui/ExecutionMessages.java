package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;

/**
 * Routes one prompt's messages the way ComfyUI scopes them: status-type events ({@code add_message}) are timestamped,
 * kept for the history entry and sent to the submitter (some also to everyone); {@code executing}/{@code executed}
 * go only to the submitter; progress goes to the submitter, or to everyone when the prompt has no client_id.
 */
final class ExecutionMessages {

    private final WebSocketHub hub;
    private final String clientId;
    private final ArrayNode statusMessages = ComfyUiJson.array();

    ExecutionMessages(WebSocketHub hub, String clientId) {
        this.hub = hub;
        this.clientId = clientId;
    }

    /** {@code PromptExecutor.add_message}: recorded for history; sent when there is a submitter or it is a broadcast. */
    void record(String event, ObjectNode data, boolean broadcast) {
        data.put("timestamp", System.currentTimeMillis());
        statusMessages.add(ComfyUiJson.array().add(event).add(data));
        if (clientId != null || broadcast) {
            hub.send(event, data, clientId);
        }
    }

    /** Sent only when the prompt has a client_id ({@code if server.client_id is not None}). */
    void toSubmitter(String event, ObjectNode data) {
        if (clientId != null) {
            hub.send(event, data, clientId);
        }
    }

    /** {@code send_sync(event, data, client_id)}: a null client_id broadcasts. */
    void toSubmitterOrEveryone(String event, ObjectNode data) {
        hub.send(event, data, clientId);
    }

    void preview(BufferedImage image, ObjectNode metadata) {
        hub.sendPreview(image, metadata, clientId);
    }

    ArrayNode statusMessages() {
        return statusMessages;
    }
}
