package io.comfyless.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.json.Json;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The API Lambda: an API Gateway HTTP API (payload 2.0) event in, the router's answer out.
 *
 * <p>It takes the raw event stream and reads the few members it needs with the application's own
 * JSON reader. Declared with the event type instead, Spring Cloud Function's adapter first inspects
 * the request body itself: it logs the whole event (headers included) and fails on bodies such as
 * {@code []}, so a client mistake would become a 500; and the Lambda runtime's event serializer
 * brings a second copy of Jackson to load on every cold start.
 */
public final class ApiFunction implements Function<InputStream, APIGatewayV2HTTPResponse> {

    private final Router router;

    public ApiFunction(Router router) {
        this.router = router;
    }

    @Override
    public APIGatewayV2HTTPResponse apply(InputStream rawEvent) {
        JsonNode event;
        try {
            event = Json.read(new String(rawEvent.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the API Gateway event", e);
        }
        ApiResponse response = router.dispatch(toRequest(event));
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.body())
                .withIsBase64Encoded(response.base64Encoded())
                .build();
    }

    static ApiRequest toRequest(JsonNode event) {
        JsonNode context = event.path("requestContext");
        JsonNode http = context.path("http");
        Map<String, String> headers = new HashMap<>();
        event.path("headers")
                .properties()
                .forEach(header -> headers.put(
                        header.getKey().toLowerCase(Locale.ROOT),
                        header.getValue().asText()));
        Map<String, String> query = new HashMap<>();
        event.path("queryStringParameters")
                .properties()
                .forEach(parameter ->
                        query.put(parameter.getKey(), parameter.getValue().asText()));
        String body = event.path("body").isTextual() ? event.path("body").asText() : null;
        byte[] bytes = null;
        if (body != null && event.path("isBase64Encoded").asBoolean(false)) {
            bytes = Base64.getDecoder().decode(body);
            body = new String(bytes, StandardCharsets.UTF_8);
        }
        String requestId = context.path("requestId").isTextual()
                ? context.path("requestId").asText()
                : "req_" + UUID.randomUUID().toString().replace("-", "");
        return new ApiRequest(
                http.path("method").asText("GET").toUpperCase(Locale.ROOT),
                event.path("rawPath").asText(null),
                headers,
                query,
                body,
                requestId,
                http.path("sourceIp").isTextual() ? http.path("sourceIp").asText() : null,
                bytes,
                context.path("timeEpoch").asLong(0) > 0
                        ? Instant.ofEpochMilli(context.path("timeEpoch").asLong())
                        : null);
    }
}
