package io.comfyless.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.comfyless.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live-update messages as {@code asyncapi.json} documents them: each message's payload is a JSON
 * Schema, and a frame is checked against the one its {@code type} names ({@code error} frames about a
 * job against {@code jobError}, the others against {@code protocolError}).
 */
final class LiveSchema {

    private final Map<String, JsonSchema> messages = new LinkedHashMap<>();
    private final Map<String, String> byType = new LinkedHashMap<>();

    private LiveSchema(JsonNode document) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        document.path("components").path("messages").properties().forEach(message -> {
            messages.put(message.getKey(), factory.getSchema(message.getValue().path("payload")));
            byType.putIfAbsent(message.getValue().path("name").asText(), message.getKey());
        });
    }

    static LiveSchema load() {
        try (InputStream in = LiveSchema.class.getResourceAsStream("/asyncapi.json")) {
            if (in == null) {
                throw new IllegalStateException("asyncapi.json is missing from the classpath");
            }
            return new LiveSchema(Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documented message a frame is, by its type. */
    String messageOf(JsonNode frame) {
        String type = frame.path("type").asText();
        if (type.equals("error")) {
            return frame.has("execution_id") ? "jobError" : "protocolError";
        }
        String message = byType.get(type);
        if (message == null) {
            throw new AssertionError("asyncapi.json documents no message of type '" + type + "': " + frame);
        }
        return message;
    }

    /** Where {@code frame} differs from its documented shape; empty when it matches. */
    Set<ValidationMessage> violations(JsonNode frame) {
        return messages.get(messageOf(frame)).validate(frame);
    }

    /** Every documented message the server sends. */
    List<String> serverMessages() {
        return messages.keySet().stream()
                .filter(name -> !List.of("subscribe", "unsubscribe", "ping").contains(name))
                .toList();
    }
}
