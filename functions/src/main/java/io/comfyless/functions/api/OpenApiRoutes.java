package io.comfyless.functions.api;

import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code GET /openapi.json}: the API reference, an OpenAPI 3.0 document kept beside the code
 * ({@code src/main/resources/openapi.json}) and checked against the router by
 * {@code OpenApiDocumentTest}. Open like the health checks, so tools can read it before they hold a
 * key. Read from the classpath once, when the router is built, and served as is.
 */
public final class OpenApiRoutes {

    static final String RESOURCE = "/openapi.json";

    private final String document;

    public OpenApiRoutes() {
        this.document = load();
    }

    public void register(Router router) {
        router.route("GET", "/openapi.json", this::document);
    }

    ApiResponse document(ApiRequest request, PathParams params) {
        return new ApiResponse(200, Map.of("Content-Type", "application/json"), document);
    }

    private static String load() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }
}
