package io.comfyless.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.core.error.UnauthorizedException;
import io.comfyless.core.json.Json;
import io.comfyless.core.tenant.RequestWindow;
import io.comfyless.core.tenant.Scope;
import io.comfyless.core.tenant.Tier;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.Router;
import io.comfyless.testkit.fixtures.TestClock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AccessTest {

    private static final Instant NOW = Instant.parse("2025-03-01T09:00:00Z");
    private final TestClock clock = new TestClock(NOW);
    private final Caller reader = new Caller(
            "acme", Optional.of(Tier.BASIC), Set.of(Scope.WORKFLOWS_READ), Optional.of("key_1"), Optional.empty());
    private final AtomicInteger served = new AtomicInteger();

    private ApiResponse call(Access access, Scope scope) {
        Router router = new Router().route("GET", "/thing", access.require(scope, (caller, request, params) -> {
            served.incrementAndGet();
            return ApiResponse.ok(Map.of("tenant", caller.tenantId()));
        }));
        return router.dispatch(ApiRequest.text("GET", "/thing", Map.of(), null, "req-1", "127.0.0.1"));
    }

    private Access access(RequestWindow window) {
        return Access.enforced(request -> reader, (tenant, tier) -> window, clock);
    }

    @Test
    void anAdmittedRequestIsServedWithItsWindowInTheHeaders() {
        ApiResponse response =
                call(access(new RequestWindow(true, 15, 9, NOW.plusMillis(42_500))), Scope.WORKFLOWS_READ);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers())
                .containsEntry("X-RateLimit-Limit", "15")
                .containsEntry("X-RateLimit-Remaining", "9")
                .containsEntry("X-RateLimit-Reset", Long.toString(NOW.getEpochSecond() + 43));
    }

    @Test
    void aRequestOverTheAllowanceIs429WithRetryAfterAndIsNotServed() {
        ApiResponse response = call(access(new RequestWindow(false, 15, 0, NOW.plusSeconds(20))), Scope.WORKFLOWS_READ);

        assertThat(response.status()).isEqualTo(429);
        assertThat(served).hasValue(0);
        assertThat(response.headers()).containsEntry("Retry-After", "20").containsEntry("X-RateLimit-Remaining", "0");
        assertThat(Json.read(response.body()).get("error").asText()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void aMissingScopeIs403AndStillReportsTheWindow() {
        ApiResponse response = call(access(new RequestWindow(true, 15, 3, NOW.plusSeconds(20))), Scope.WORKFLOWS_WRITE);

        assertThat(response.status()).isEqualTo(403);
        assertThat(served).hasValue(0);
        assertThat(response.headers()).containsEntry("X-RateLimit-Remaining", "3");
    }

    @Test
    void anUnauthenticatedRequestIs401AndCountsNothing() {
        AtomicInteger counted = new AtomicInteger();
        Access access = Access.enforced(
                request -> {
                    throw new UnauthorizedException("no");
                },
                (tenant, tier) -> {
                    counted.incrementAndGet();
                    return new RequestWindow(true, 15, 14, NOW);
                },
                clock);

        ApiResponse response = call(access, Scope.WORKFLOWS_READ);

        assertThat(response.status()).isEqualTo(401);
        assertThat(counted).hasValue(0);
        assertThat(response.headers()).doesNotContainKey("X-RateLimit-Limit");
    }

    @Test
    void withoutAuthenticationEverythingIsServedUncounted() {
        ApiResponse response = call(Access.open(clock), Scope.KEYS_ADMIN);

        assertThat(response.status()).isEqualTo(200);
        assertThat(Json.read(response.body()).get("tenant").asText()).isEqualTo("default");
        assertThat(response.headers()).doesNotContainKey("X-RateLimit-Limit");
    }
}
