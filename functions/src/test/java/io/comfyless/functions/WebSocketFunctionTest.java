package io.comfyless.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.error.UnauthorizedException;
import io.comfyless.core.json.Json;
import io.comfyless.core.live.InMemoryConnectionStore;
import io.comfyless.core.tenant.Scope;
import io.comfyless.functions.auth.Authenticator;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.live.LiveSockets;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The WebSocket function reads API Gateway's WebSocket events as AWS documents them. */
class WebSocketFunctionTest {

    private static final String CONNECTION = "L0SM9cOFvHcCIhw=";
    private final InMemoryConnectionStore store = new InMemoryConnectionStore();
    /** Accepts the token "good" for tenant acme; anything else is a 401. */
    private final Authenticator authenticator = request -> request.header("authorization")
            .filter("Bearer good"::equals)
            .map(token -> new Caller(
                    "acme", Optional.empty(), EnumSet.of(Scope.WORKFLOWS_READ), Optional.of("key-1"), Optional.empty()))
            .orElseThrow(() -> new UnauthorizedException("Authentication required"));
    // Jobs and batches are not reached by the messages these tests send.
    private final WebSocketFunction function = new WebSocketFunction(new LiveSockets(
            authenticator, store, null, null, Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC)));

    private Map<String, Object> invoke(String event) {
        return function.apply(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)));
    }

    private static String connect(String headers, String query) {
        return """
                {"headers": %s, "queryStringParameters": %s,
                 "requestContext": {"routeKey": "$connect", "eventType": "CONNECT", "messageDirection": "IN",
                   "stage": "live", "connectedAt": 1767268800000, "requestTimeEpoch": 1767268800000,
                   "identity": {"sourceIp": "203.0.113.7"}, "requestId": "c7Lcr", "domainName": "abc.execute-api.eu-west-1.amazonaws.com",
                   "connectionId": "%s", "apiId": "abc"},
                 "isBase64Encoded": false}
                """.formatted(headers, query, CONNECTION);
    }

    private static String message(String route, String body) {
        return """
                {"requestContext": {"routeKey": "%s", "messageId": "c7LhzeFx", "eventType": "MESSAGE",
                   "messageDirection": "IN", "stage": "live", "connectionId": "%s", "apiId": "abc"},
                 "body": %s, "isBase64Encoded": false}
                """.formatted(route, CONNECTION, Json.write(body));
    }

    @Test
    void aConnectWithAGoodKeyIsAdmittedAndRecordedForItsTenant() {
        Map<String, Object> response = invoke(connect("{\"Authorization\": \"Bearer good\"}", "null"));

        assertThat(response.get("statusCode")).isEqualTo(200);
        assertThat(store.find(CONNECTION).orElseThrow().tenant()).isEqualTo("acme");
    }

    @Test
    void aBrowserConnectCarriesTheKeyAsTheTokenParameter() {
        Map<String, Object> response = invoke(connect("{\"Host\": \"abc\"}", "{\"token\": \"good\"}"));

        assertThat(response.get("statusCode")).isEqualTo(200);
    }

    @Test
    void aConnectWithoutCredentialsIsRefusedWithTheApisErrorBody() {
        Map<String, Object> response = invoke(connect("{\"Host\": \"abc\"}", "null"));

        assertThat(response.get("statusCode")).isEqualTo(401);
        JsonNode body = Json.read((String) response.get("body"));
        assertThat(body.path("error").asText()).isEqualTo("unauthorized");
        assertThat(body.path("code").asInt()).isEqualTo(401);
        assertThat(store.find(CONNECTION)).isEmpty();
    }

    @Test
    void everyMessageRouteAnswersWithOneFrameInTheBody() {
        invoke(connect("{\"Authorization\": \"Bearer good\"}", "null"));

        JsonNode pong = Json.read((String) invoke(message("$default", "{\"type\":\"ping\",\"request_id\":\"r1\"}"))
                .get("body"));
        JsonNode malformed =
                Json.read((String) invoke(message("$default", "[1, 2")).get("body"));

        assertThat(pong.path("type").asText()).isEqualTo("pong");
        assertThat(pong.path("data").path("request_id").asText()).isEqualTo("r1");
        assertThat(malformed.path("type").asText()).isEqualTo("error");
        assertThat(malformed.path("data").path("error").asText()).isEqualTo("invalid_json");
    }

    @Test
    void aDisconnectForgetsTheConnection() {
        invoke(connect("{\"Authorization\": \"Bearer good\"}", "null"));

        Map<String, Object> response = invoke("""
                {"headers": {"Host": "abc"}, "requestContext": {"routeKey": "$disconnect", "disconnectStatusCode": 1001,
                  "eventType": "DISCONNECT", "connectionId": "%s", "apiId": "abc"}, "isBase64Encoded": false}
                """.formatted(CONNECTION));

        assertThat(response.get("statusCode")).isEqualTo(200);
        assertThat(store.find(CONNECTION)).isEmpty();
    }
}
