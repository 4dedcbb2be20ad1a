package io.comfyless.functions.api;

import io.comfyless.core.error.ServiceUnavailableException;
import io.comfyless.core.health.HealthChecker;
import io.comfyless.core.health.ProbeResult;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.ApiVersion;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Liveness and readiness, open without credentials: {@code /health} answers while the function
 * runs; {@code /ready} also reaches DynamoDB and SQS, both at once, and answers 503 when either
 * fails or has not answered within {@link #READY_TIMEOUT}, so a load balancer or a deploy script
 * learns of a stalled dependency in about that time.
 */
public final class HealthRoutes {

    public static final Duration READY_TIMEOUT = Duration.ofMillis(1500);

    private final HealthChecker readiness;
    private final Clock clock;
    private final Instant started;

    /** @param readiness the probes {@code /ready} runs; give it {@link #READY_TIMEOUT} */
    public HealthRoutes(HealthChecker readiness, Clock clock) {
        this.readiness = readiness;
        this.clock = clock;
        this.started = clock.instant();
    }

    public void register(Router router) {
        router.route("GET", "/health", this::health)
                .route("GET", "/health/liveness", this::health)
                .route("GET", "/ready", this::ready)
                .route("GET", "/health/readiness", this::ready);
    }

    ApiResponse health(ApiRequest request, PathParams params) {
        Instant now = clock.instant();
        return ApiResponse.ok(Map.of(
                "status",
                "healthy",
                "version",
                ApiVersion.CURRENT,
                "timestamp",
                now.toString(),
                "uptime_seconds",
                Duration.between(started, now).toMillis() / 1000.0));
    }

    ApiResponse ready(ApiRequest request, PathParams params) {
        List<String> failing = readiness.check().stream()
                .filter(result -> !result.healthy())
                .map(ProbeResult::name)
                .toList();
        if (!failing.isEmpty()) {
            throw new ServiceUnavailableException(
                    "Not ready: cannot reach " + String.join(" and ", failing) + " right now; retry in a few seconds");
        }
        return ApiResponse.ok(
                Map.of("status", "ready", "timestamp", clock.instant().toString()));
    }
}
