package io.comfyless.functions;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

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
        // A key no tenant holds: with authentication on, the request is refused after the key lookup.
        String event = ApiGatewayEvents.request(method, path, body, Map.of("authorization", "Bearer comfyui_sk_prime"));
        return new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8));
    }
}
