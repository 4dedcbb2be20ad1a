package io.comfyless.functions.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.json.Json;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes HTTP requests as API Gateway HTTP API (payload format 2.0) events and reads the
 * function's response back, the way API Gateway does: lower-case headers joined by commas,
 * repeated query parameters joined by commas, non-text bodies base64-encoded.
 */
final class HttpEvents {

    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern(
                    "dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private HttpEvents() {}

    static byte[] request(
            String method,
            URI uri,
            Map<String, List<String>> headers,
            byte[] body,
            String requestId,
            String sourceIp,
            Instant now) {
        ObjectNode event = Json.object();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", uri.getRawPath());
        event.put("rawQueryString", uri.getRawQuery() == null ? "" : uri.getRawQuery());
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach((name, values) -> {
            if (!name.equalsIgnoreCase("cookie")) {
                headerNode.put(name.toLowerCase(Locale.ROOT), String.join(",", values));
            }
        });
        List<String> cookies = headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("cookie"))
                .flatMap(e -> e.getValue().stream())
                .flatMap(c -> List.of(c.split(";\\s*")).stream())
                .toList();
        if (!cookies.isEmpty()) {
            cookies.forEach(event.putArray("cookies")::add);
        }
        Map<String, String> query = query(uri.getRawQuery());
        if (!query.isEmpty()) {
            ObjectNode queryNode = event.putObject("queryStringParameters");
            query.forEach(queryNode::put);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "000000000000");
        context.put("apiId", "local");
        context.put("domainName", headerNode.path("host").asText("localhost"));
        context.put("domainPrefix", "local");
        ObjectNode http = context.putObject("http");
        http.put("method", method);
        http.put("path", uri.getRawPath());
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", sourceIp);
        http.put("userAgent", headerNode.path("user-agent").asText(""));
        context.put("requestId", requestId);
        context.put("routeKey", "$default");
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        if (body.length > 0) {
            String text = utf8(body);
            boolean binary =
                    text == null || !isTextual(headerNode.path("content-type").asText(""));
            event.put("body", binary ? Base64.getEncoder().encodeToString(body) : text);
            event.put("isBase64Encoded", binary);
        } else {
            event.put("isBase64Encoded", false);
        }
        return Json.write(event).getBytes(StandardCharsets.UTF_8);
    }

    /** The function's APIGatewayV2HTTPResponse as JSON: status, headers, body. */
    record Response(int status, Map<String, String> headers, byte[] body) {}

    static Response response(byte[] output) {
        JsonNode json = Json.read(new String(output, StandardCharsets.UTF_8));
        Map<String, String> headers = new LinkedHashMap<>();
        json.path("headers")
                .fields()
                .forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        String body = json.path("body").isNull() ? "" : json.path("body").asText("");
        boolean base64 = json.path("isBase64Encoded")
                .asBoolean(json.path("base64Encoded").asBoolean(false));
        byte[] bytes = base64 ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        return new Response(json.path("statusCode").asInt(500), headers, bytes);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.merge(name, value, (a, b) -> a + "," + b);
        }
        return query;
    }

    private static boolean isTextual(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.isEmpty()
                || type.startsWith("text/")
                || type.contains("json")
                || type.contains("xml")
                || type.contains("x-www-form-urlencoded")
                || type.contains("ndjson");
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
