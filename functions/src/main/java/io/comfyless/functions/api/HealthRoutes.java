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
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Liveness and readiness, open without credentials: {@code /health} answers while the function
 * runs; {@code /ready} also reaches DynamoDB and SQS and answers 503 when it cannot.
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
        try {
            jobs.status();
        } catch (SdkException e) {
            throw new ServiceUnavailableException("Service is not ready: the job store or queues cannot be reached");
        }
        return ApiResponse.ok(
                Map.of("status", "ready", "timestamp", clock.instant().toString()));
    }
}
