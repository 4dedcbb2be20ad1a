package io.comfyless.functions.http;

import io.comfyless.core.json.Json;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP response: status, headers and a JSON (or text) body, or binary bytes carried base64-encoded
 * as API Gateway expects them.
 */
public record ApiResponse(int status, Map<String, String> headers, String body, boolean base64Encoded) {

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public ApiResponse(int status, Map<String, String> headers, String body) {
        this(status, headers, body, false);
    }

    public static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, Map.of("Content-Type", "application/json"), Json.write(body));
    }

    public static ApiResponse ok(Object body) {
        return json(200, body);
    }

    /** Raw bytes, such as a file's content. */
    public static ApiResponse binary(int status, String contentType, byte[] bytes) {
        return new ApiResponse(
                status, Map.of("Content-Type", contentType), Base64.getEncoder().encodeToString(bytes), true);
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, copy, body, base64Encoded);
    }

    public ApiResponse withHeaders(Map<String, String> extra) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.putAll(extra);
        return new ApiResponse(status, copy, body, base64Encoded);
    }
}
