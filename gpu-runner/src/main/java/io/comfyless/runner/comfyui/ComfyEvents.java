package io.comfyless.runner.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads ComfyUI WebSocket text frames into {@link ComfyEvent}s. */
final class ComfyEvents {

    private ComfyEvents() {}

    static Optional<ComfyEvent> parse(String frame) {
        JsonNode message;
        try {
            message = Json.read(frame);
        } catch (RuntimeException notJson) {
            return Optional.empty();
        }
        JsonNode data = message.path("data");
        String promptId = text(data, "prompt_id");
        return Optional.ofNullable(
                switch (message.path("type").asText("")) {
                    case "status" ->
                        new ComfyEvent.Status(data.path("status")
                                .path("exec_info")
                                .path("queue_remaining")
                                .asInt(0));
                    case "execution_start" ->
                        new ComfyEvent.ExecutionStart(
                                promptId, data.path("timestamp").asLong(0));
                    case "execution_cached" -> new ComfyEvent.ExecutionCached(promptId, strings(data.path("nodes")));
                    case "executing" -> new ComfyEvent.Executing(promptId, text(data, "node"));
                    case "progress" ->
                        new ComfyEvent.Progress(
                                promptId,
                                text(data, "node"),
                                data.path("value").asLong(0),
                                data.path("max").asLong(0));
                    case "executed" -> new ComfyEvent.Executed(promptId, text(data, "node"), data.path("output"));
                    case "execution_success" ->
                        new ComfyEvent.ExecutionSuccess(
                                promptId, data.path("timestamp").asLong(0));
                    case "execution_error" ->
                        new ComfyEvent.ExecutionError(
                                promptId,
                                text(data, "node_id"),
                                text(data, "node_type"),
                                text(data, "exception_type"),
                                text(data, "exception_message"));
                    case "execution_interrupted" ->
                        new ComfyEvent.ExecutionInterrupted(promptId, text(data, "node_id"), text(data, "node_type"));
                    default -> null;
                });
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
