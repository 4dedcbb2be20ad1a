package io.comfyless.functions.api;

import io.comfyless.core.error.ServiceUnavailableException;
import io.comfyless.core.job.JobService;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.ApiVersion;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Liveness and readiness, open without credentials: {@code /health} answers while the function
 * runs; {@code /ready} also reaches DynamoDB and SQS and answers 503 when it cannot.
 * {@code /health/liveness} and {@code /health/readiness} are the same probes in the probe shapes
 * of the unversioned API ({@code "alive"}; {@code "ready"}, or 503 {@code "not ready"} with a reason).
 */
public final class HealthRoutes {

    private final JobService jobs;
    private final Clock clock;
    private final Instant started;

    public HealthRoutes(JobService jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
        this.started = clock.instant();
    }

    public void register(Router router) {
        router.route("GET", "/health", this::health)
                .route("GET", "/health/liveness", this::liveness)
                .route("GET", "/ready", this::ready)
                .route("GET", "/health/readiness", this::readiness);
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

    ApiResponse liveness(ApiRequest request, PathParams params) {
        return ApiResponse.ok(
                Map.of("status", "alive", "timestamp", clock.instant().toString()));
    }

    /** The unified error body's fields too, so a client that reads either shape understands the 503. */
    ApiResponse readiness(ApiRequest request, PathParams params) {
        try {
            jobs.status();
        } catch (SdkException e) {
            String reason = "The job store or queues cannot be reached";
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "not ready");
            body.put("reason", reason);
            body.put("error", "service_unavailable");
            body.put("code", 503);
            body.put("message", "Service is not ready: " + reason);
            body.put("timestamp", request.receivedAt());
            body.put("request_id", request.requestId());
            return ApiResponse.json(503, body);
        }
        return ApiResponse.ok(
                Map.of("status", "ready", "timestamp", clock.instant().toString()));
    }

    ApiResponse ready(ApiRequest request, PathParams params) {
        try {
            jobs.status();
        } catch (SdkException e) {
            throw new ServiceUnavailableException("Service is not ready: the job store or queues cannot be reached");
        }
        return ApiResponse.ok(
                Map.of("status", "ready", "timestamp", clock.instant().toString()));
    }
}
