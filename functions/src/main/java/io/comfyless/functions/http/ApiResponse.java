package io.comfyless.functions.http;

import io.comfyless.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP response: status, headers and a JSON (or text) body. */
public record ApiResponse(int status, Map<String, String> headers, String body) {

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, Map.of("Content-Type", "application/json"), Json.write(body));
    }

    public static ApiResponse ok(Object body) {
        return json(200, body);
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, copy, body);
    }

    public ApiResponse withHeaders(Map<String, String> extra) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.putAll(extra);
        return new ApiResponse(status, copy, body);
    }
}
