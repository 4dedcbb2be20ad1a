package io.comfyless.functions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.json.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Requests that warm the API before a snapshot and change nothing: they arrive as API Gateway
 * events through {@link ApiFunction}, as real ones do. A health check; a read of an execution that
 * does not exist (a DynamoDB read, or with authentication a key lookup that fails); an analysis of
 * a model-free workflow (parsing, normalising, validating, a model-store listing); and a submission
 * refused by validation before anything is stored.
 */
final class ApiPrimer {

    private static final String WORKFLOW = "{\"workflow\":{\"1\":{\"class_type\":\"EmptyImage\",\"inputs\":"
            + "{\"width\":64,\"height\":64,\"batch_size\":1,\"color\":0}},\"2\":{\"class_type\":\"SaveImage\","
            + "\"inputs\":{\"images\":[\"1\",0],\"filename_prefix\":\"prime\"}}}}";
    /** Links to a node that is not there: refused before the job is stored. */
    private static final String REFUSED = "{\"workflow\":{\"2\":{\"class_type\":\"SaveImage\",\"inputs\":"
            + "{\"images\":[\"9\",0],\"filename_prefix\":\"prime\"}}}}";

    private ApiPrimer() {}

    static void prime(ApiFunction api) {
        api.apply(event("GET", "/health", null));
        api.apply(event("GET", "/v1/workflows/exec_00000000000000000000", null));
        api.apply(event("POST", "/v1/workflows/analyze", WORKFLOW));
        api.apply(event("POST", "/v1/workflows/execute", REFUSED));
    }

    private static ByteArrayInputStream event(String method, String path, String body) {
        ObjectNode event = Json.object();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", path);
        event.put("rawQueryString", "");
        ObjectNode headers = event.putObject("headers");
        headers.put("content-type", "application/json");
        headers.put("authorization", "Bearer comfyui_sk_prime");
        ObjectNode context = event.putObject("requestContext");
        context.put("requestId", "prime");
        ObjectNode http = context.putObject("http");
        http.put("method", method);
        http.put("path", path);
        http.put("sourceIp", "127.0.0.1");
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8));
    }
}
