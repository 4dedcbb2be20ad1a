package io.comfyless.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.core.config.AwsCallPolicy;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.json.Json;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.Router;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A deployed endpoint must not be open: with authentication on, every route except health,
 * readiness and the routes that issue credentials is guarded and refuses a request without one.
 * Nothing here reaches AWS: a request without credentials is refused before any call.
 */
class RouteGuardTest {

    /**
     * Seed 001 marks the health checks "Authentication: Not required"; the sign-in routes hand out
     * credentials; the API reference is read by tools before they hold a key.
     */
    private static final Set<String> OPEN = Set.of(
            "GET /health",
            "GET /health/liveness",
            "GET /health/detailed",
            "GET /ready",
            "GET /health/readiness",
            "POST /auth/register",
            "POST /auth/login",
            "POST /auth/refresh",
            "GET /openapi.json");

    private static ApiResponse call(Router router, Router.Route route, Map<String, String> headers) {
        String path = route.template().replaceAll("\\{[^}]+}", "exec_0123456789abcdef0123");
        return router.dispatch(ApiRequest.text(route.method(), path, headers, "{}", "req-1", "127.0.0.1"));
    }

    @Test
    void everyRouteButHealthAndSignInIsGuardedAndRefusesAnonymousCallers() {
        RuntimeConfig config = OfflineConfig.withAuth(true);
        // The API's own policy: a failed attempt's count cannot be stored offline, and must not wait long.
        try (AwsClients aws = new AwsClients(config, AwsCallPolicy.API)) {
            Router router = ApiFactory.router(config, aws, Clock.systemUTC());

            assertThat(router.routes())
                    .extracting(r -> r.method() + " " + r.template())
                    .contains("GET /health", "GET /ready", "POST /auth/login");
            for (Router.Route route : router.routes()) {
                String name = route.method() + " " + route.template();
                if (OPEN.contains(name)) {
                    assertThat(Access.guards(route.handler())).as(name).isFalse();
                    continue;
                }
                assertThat(Access.guards(route.handler()))
                        .as(name + " is guarded")
                        .isTrue();
                ApiResponse anonymous = call(router, route, Map.of());
                assertThat(anonymous.status()).as(name + " without credentials").isEqualTo(401);
                assertThat(Json.read(anonymous.body()).get("error").asText()).isEqualTo("unauthorized");
                assertThat(call(router, route, Map.of("authorization", "Bearer not-a-token"))
                                .status())
                        .as(name + " with a junk token")
                        .isEqualTo(401);
                assertThat(call(router, route, Map.of("authorization", "Basic dXNlcjpwYXNz"))
                                .status())
                        .as(name + " with another scheme")
                        .isEqualTo(401);
            }
        }
    }

    @Test
    void withoutAuthenticationThereAreNoAccountOrKeyRoutes() {
        RuntimeConfig config = OfflineConfig.withAuth(false);
        try (AwsClients aws = new AwsClients(config)) {
            Router router = ApiFactory.router(config, aws, Clock.systemUTC());

            assertThat(router.routes())
                    .extracting(Router.Route::template)
                    .noneMatch(template -> template.startsWith("/auth") || template.startsWith("/v1/keys"));
        }
    }
}
