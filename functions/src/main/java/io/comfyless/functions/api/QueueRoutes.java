package io.comfyless.functions.api;

import io.comfyless.core.job.JobService;
import io.comfyless.core.job.Lane;
import io.comfyless.core.job.QueueStatus;
import io.comfyless.core.queue.QueueDepth;
import io.comfyless.core.tenant.Scope;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Queue depth: seed 002's {@code /v1/queue/status} and seed 000's {@code /api/v1/queue/metrics}. */
public final class QueueRoutes {

    private final JobService jobs;
    private final Access access;

    public QueueRoutes(JobService jobs, Access access) {
        this.jobs = jobs;
        this.access = access;
    }

    public void register(Router router) {
        router.route("GET", "/v1/queue/status", access.require(Scope.QUEUE_READ, this::status))
                .route("GET", "/api/v1/queue/metrics", access.require(Scope.QUEUE_READ, this::metrics));
    }

    ApiResponse status(Caller caller, ApiRequest request, PathParams params) {
        QueueStatus status = jobs.status();
        long mean = status.meanRunTime().toSeconds();
        return ApiResponse.ok(Map.of(
                "queue_status",
                        Map.of(
                                "total_queued", status.waiting(),
                                "total_processing", status.inFlight(),
                                "avg_processing_time", mean),
                "queue_breakdown",
                        Lane.pollingOrder().stream()
                                .map(lane -> Map.of(
                                        "priority", lane.name().toLowerCase(),
                                        "count", status.lanes().get(lane).waiting(),
                                        "in_flight", status.lanes().get(lane).inFlight()))
                                .toList()));
    }

    ApiResponse metrics(Caller caller, ApiRequest request, PathParams params) {
        QueueStatus status = jobs.status();
        Map<String, Object> byPriority = new LinkedHashMap<>();
        for (Lane lane : Lane.pollingOrder()) {
            QueueDepth depth = status.lanes().get(lane);
            byPriority.put(lane.name().toLowerCase(), Map.of("pending", depth.waiting(), "running", depth.inFlight()));
        }
        return ApiResponse.ok(Map.of(
                "pending", status.waiting(),
                "running", status.inFlight(),
                "by_priority", byPriority,
                "average_execution_seconds", status.meanRunTime().toMillis() / 1000.0,
                "lanes", List.copyOf(byPriority.keySet())));
    }
}
