package io.comfyless.functions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.json.Json;
import java.util.Map;
import java.util.UUID;

/**
 * API Gateway HTTP API (payload 2.0) events for requests made without API Gateway: the API's
 * SnapStart primer and the Lambda benchmark. The local stack writes its own from real HTTP requests
 * ({@code HttpEvents}).
 */
public final class ApiGatewayEvents {

    private ApiGatewayEvents() {}

    /** A request event; {@code body} may be null, header names are lower-case as API Gateway sends them. */
    public static String request(String method, String path, String body, Map<String, String> headers) {
        ObjectNode event = Json.object();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", path);
        event.put("rawQueryString", "");
        ObjectNode headerNode = event.putObject("headers");
        headerNode.put("content-type", "application/json");
        headers.forEach(headerNode::put);
        ObjectNode context = event.putObject("requestContext");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("stage", "$default");
        ObjectNode http = context.putObject("http");
        http.put("method", method);
        http.put("path", path);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "127.0.0.1");
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return Json.write(event);
    }
}
