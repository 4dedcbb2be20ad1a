package io.comfyless.functions.api;

import io.comfyless.core.tenant.Scope;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Secured;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.Router;
import java.util.Map;

/**
 * The routes of a tenant's own collection under one path ({@code /v1/schedules}, {@code /v1/templates}):
 * creating and deleting need {@code workflows:write}, listing and reading {@code workflows:read}.
 */
final class CollectionRoutes {

    private CollectionRoutes() {}

    static void register(
            Router router, Access access, String base, Secured create, Secured list, Secured get, Secured delete) {
        router.route("POST", base, access.require(Scope.WORKFLOWS_WRITE, create))
                .route("GET", base, access.require(Scope.WORKFLOWS_READ, list))
                .route("GET", base + "/{id}", access.require(Scope.WORKFLOWS_READ, get))
                .route("DELETE", base + "/{id}", access.require(Scope.WORKFLOWS_WRITE, delete));
    }

    /** What a delete of one member answers. */
    static ApiResponse deleted(String id) {
        return ApiResponse.ok(Map.of("id", id, "status", "deleted"));
    }
}
