package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An HTTP answer in the shapes aiohttp gives ComfyUI's handlers: JSON, empty, plain text, or file bytes. */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json; charset=utf-8";

    Reply {
        headers = Map.copyOf(headers);
    }

    static Reply json(JsonNode body) {
        return json(200, body);
    }

    static Reply json(int status, JsonNode body) {
        return new Reply(status, JSON, ComfyUiJson.write(body).getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** {@code web.Response(status=...)}: no body, aiohttp's default content type. */
    static Reply empty(int status) {
        return new Reply(status, "application/octet-stream", new byte[0], Map.of());
    }

    static Reply text(int status, String text) {
        return new Reply(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Reply notFound() {
        return text(404, "404: Not Found");
    }

    static Reply serverError() {
        return text(500, "500 Internal Server Error\n\nServer got itself in trouble");
    }

    static Reply bytes(String contentType, byte[] body, Map<String, String> headers) {
        return new Reply(200, contentType, body, headers);
    }
}
