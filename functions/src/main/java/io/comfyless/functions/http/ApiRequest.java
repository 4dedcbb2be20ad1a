package io.comfyless.functions.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.error.PayloadTooLargeException;
import io.comfyless.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as the router sees it, whether it came from API Gateway or the local gateway.
 * Header names are lower-case.
 *
 * @param requestId  identifies this request in logs and error bodies (API Gateway's request id)
 * @param bodyBytes  the body exactly as sent (a multipart upload is binary; {@code body} is its UTF-8 reading)
 * @param receivedAt when the gateway received it; stamped by the router when the entry point did not
 */
public record ApiRequest(
        String method,
        String path,
        Map<String, String> headers,
        Map<String, String> query,
        String body,
        String requestId,
        String sourceIp,
        byte[] bodyBytes,
        Instant receivedAt) {

    /** Bodies above this are refused with 413 before they are parsed. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    public ApiRequest {
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
        if (bodyBytes == null) {
            bodyBytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A text request without query parameters, as tests and JSON clients send them. */
    public static ApiRequest text(
            String method, String path, Map<String, String> headers, String body, String requestId, String sourceIp) {
        return new ApiRequest(method, path, headers, Map.of(), body, requestId, sourceIp, null, null);
    }

    public ApiRequest withReceivedAt(Instant at) {
        return new ApiRequest(method, path, headers, query, body, requestId, sourceIp, bodyBytes, at);
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
