package io.comfyless.runner.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The WebSocket messages the runner acts on (COMFYUI_PROTOCOL.md section 3). Other message types,
 * including those of custom nodes, are ignored.
 */
public sealed interface ComfyEvent {

    /** The prompt the message is about; null for queue status broadcasts. */
    String promptId();

    record Status(int queueRemaining) implements ComfyEvent {
        @Override
        public String promptId() {
            return null;
        }
    }

    record ExecutionStart(String promptId, long timestamp) implements ComfyEvent {}

    record ExecutionCached(String promptId, List<String> nodes) implements ComfyEvent {}

    /** A node started; {@code node == null} means the prompt is finished and its history written. */
    record Executing(String promptId, String node) implements ComfyEvent {}

    record Progress(String promptId, String node, long value, long max) implements ComfyEvent {}

    record Executed(String promptId, String node, JsonNode output) implements ComfyEvent {}

    record ExecutionSuccess(String promptId, long timestamp) implements ComfyEvent {}

    record ExecutionError(
            String promptId, String nodeId, String nodeType, String exceptionType, String exceptionMessage)
            implements ComfyEvent {}

    record ExecutionInterrupted(String promptId, String nodeId, String nodeType) implements ComfyEvent {}

    /**
     * A sampler preview, from a binary frame. {@code promptId} and {@code nodeId} are null in the plain
     * form (event 1), which ComfyUI sends to the socket of whoever queued the running prompt; the form
     * with metadata (event 4) names both.
     */
    record Preview(String promptId, String nodeId, String contentType, byte[] image) implements ComfyEvent {}
}
