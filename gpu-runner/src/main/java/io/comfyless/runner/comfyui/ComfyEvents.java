package io.comfyless.runner.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads ComfyUI WebSocket frames into {@link ComfyEvent}s: text frames, and the binary preview frames. */
final class ComfyEvents {

    /** Binary event types (COMFYUI_PROTOCOL.md section 3): a preview, and a preview with JSON metadata. */
    static final int PREVIEW_IMAGE = 1;

    static final int PREVIEW_IMAGE_WITH_METADATA = 4;
    private static final int JPEG = 1;
    private static final int PNG = 2;

    private ComfyEvents() {}

    /** A binary frame: a preview (either form) or nothing (text progress of custom nodes, unknown types). */
    static Optional<ComfyEvent> parseBinary(ByteBuffer frame) {
        ByteBuffer data = frame.duplicate();
        if (data.remaining() < 8) {
            return Optional.empty();
        }
        int type = data.getInt();
        if (type == PREVIEW_IMAGE) {
            int format = data.getInt();
            String contentType = format == PNG ? "image/png" : format == JPEG ? "image/jpeg" : null;
            return contentType == null
                    ? Optional.empty()
                    : Optional.of(new ComfyEvent.Preview(null, null, contentType, rest(data)));
        }
        if (type == PREVIEW_IMAGE_WITH_METADATA) {
            int length = data.getInt();
            if (length < 0 || length > data.remaining()) {
                return Optional.empty();
            }
            byte[] json = new byte[length];
            data.get(json);
            JsonNode metadata;
            try {
                metadata = Json.read(new String(json, StandardCharsets.UTF_8));
            } catch (RuntimeException notJson) {
                return Optional.empty();
            }
            return Optional.of(new ComfyEvent.Preview(
                    text(metadata, "prompt_id"),
                    text(metadata, "node_id"),
                    metadata.path("image_type").asText("image/jpeg"),
                    rest(data)));
        }
        return Optional.empty();
    }

    private static byte[] rest(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return bytes;
    }

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
