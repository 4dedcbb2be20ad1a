package io.comfyless.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.contract.Live;
import io.comfyless.core.json.Json;
import io.comfyless.functions.live.LiveSockets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The WebSocket API's Lambda, behind every route: {@code $connect} admits or refuses the upgrade
 * (the status code is what the client gets), {@code $disconnect} forgets the connection, and every
 * message route answers with one frame, which API Gateway returns to the client (the routes have
 * route responses). The event is read as raw JSON, as {@link ApiFunction} does, so that nothing in
 * Spring Cloud Function's adapter inspects or logs it.
 */
public final class WebSocketFunction implements Function<InputStream, Map<String, Object>> {

    private final LiveSockets sockets;

    public WebSocketFunction(LiveSockets sockets) {
        this.sockets = sockets;
    }

    @Override
    public Map<String, Object> apply(InputStream rawEvent) {
        try {
            return apply(Json.read(new String(rawEvent.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, Object> apply(JsonNode event) {
        JsonNode context = event.path("requestContext");
        String connectionId = context.path("connectionId").asText();
        String route = context.path("routeKey").asText(Live.DEFAULT_ROUTE);
        return switch (route) {
            case Live.CONNECT_ROUTE -> {
                LiveSockets.Admission admission = sockets.connect(
                        connectionId,
                        strings(event.path("headers")),
                        strings(event.path("queryStringParameters")),
                        context.path("identity").path("sourceIp").asText(null));
                yield admission.admitted()
                        ? response(200, null)
                        : response(admission.status(), Json.write(admission.error()));
            }
            case Live.DISCONNECT_ROUTE -> {
                sockets.disconnect(connectionId);
                yield response(200, null);
            }
            default -> response(200, sockets.receive(connectionId, body(event)));
        };
    }

    private static String body(JsonNode event) {
        String body = event.path("body").asText(null);
        if (body != null && event.path("isBase64Encoded").asBoolean(false)) {
            return new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        return body;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new HashMap<>();
        object.properties()
                .forEach(field -> values.put(field.getKey(), field.getValue().asText()));
        return values;
    }

    private static Map<String, Object> response(int status, String body) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("statusCode", status);
        if (body != null) {
            response.put("body", body);
        }
        return response;
    }
}
