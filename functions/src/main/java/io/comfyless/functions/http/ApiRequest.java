package io.comfyless.functions.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.error.PayloadTooLargeException;
import io.comfyless.core.json.Json;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as the router sees it, whether it came from API Gateway or the local gateway.
 * Header names are lower-case.
 *
 * @param requestId identifies this request in logs and error bodies (API Gateway's request id)
 */
public record ApiRequest(
        String method,
        String path,
        Map<String, String> headers,
        Map<String, String> query,
        String body,
        String requestId,
        String sourceIp) {

    /** Bodies above this are refused with 413 before they are parsed. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    public ApiRequest {
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name)).filter(value -> !value.isBlank());
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name)).filter(value -> !value.isBlank());
    }

    /** The body as JSON; malformed or oversized bodies become client errors. */
    public JsonNode json() {
        if (body != null && body.length() > MAX_BODY_BYTES) {
            throw new PayloadTooLargeException(body.length(), MAX_BODY_BYTES);
        }
        return Json.parse(body, "body");
    }
}
