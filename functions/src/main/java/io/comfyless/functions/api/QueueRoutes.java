package io.comfyless.functions.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.cost.MemorySize;
import io.comfyless.core.job.JobService;
import io.comfyless.core.job.JobTotals;
import io.comfyless.core.job.Lane;
import io.comfyless.core.job.QueueStatus;
import io.comfyless.core.json.Json;
import io.comfyless.core.queue.QueueDepth;
import io.comfyless.core.tenant.Scope;
import io.comfyless.core.worker.Worker;
import io.comfyless.core.worker.WorkerRegistry;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** Queue depth: seed 002's {@code /v1/queue/status} and seed 000's {@code /api/v1/queue/metrics}. */
public final class QueueRoutes {

    private final JobService jobs;
    private final WorkerRegistry workers;
    private final Access access;

    public QueueRoutes(JobService jobs, WorkerRegistry workers, Access access) {
        this.jobs = jobs;
        this.workers = workers;
        this.access = access;
    }

    public void register(Router router) {
        router.route("GET", "/v1/queue/status", access.require(Scope.QUEUE_READ, this::status))
                .route("GET", "/api/v1/queue/metrics", access.require(Scope.QUEUE_READ, this::metrics));
    }

    /**
     * The execution API's queue status: queued and processing counts with mean wait and processing
     * times (over completed executions), the fleet's capacity from the live runners' records, and a
     * breakdown per priority lane ({@code priority} is the lane's middle value on the 0-10 scale).
     */
    ApiResponse status(Caller caller, ApiRequest request, PathParams params) {
        QueueStatus status = jobs.status();
        JobTotals totals = jobs.totals();
        List<Worker> live = workers.list().stream().filter(Worker::live).toList();
        long idle = live.stream().filter(w -> w.currentJob() == null).count();
        long memoryTotal = live.stream()
                .map(Worker::gpuMemoryTotal)
                .filter(Objects::nonNull)
                .mapToLong(Long::longValue)
                .sum();
        long memoryFree = live.stream()
                .map(Worker::gpuMemoryFree)
                .filter(Objects::nonNull)
                .mapToLong(Long::longValue)
                .sum();
        long waitSeconds = totals.meanQueueTime().toSeconds();
        ObjectNode body = Json.object();
        body.putObject("queue_status")
                .put("total_queued", status.waiting())
                .put("total_processing", status.inFlight())
                .put("avg_wait_time", waitSeconds)
                .put("avg_processing_time", status.meanRunTime().toSeconds());
        body.putObject("system_capacity")
                .put("total_gpu_nodes", live.size())
                .put("available_gpu_nodes", idle)
                .put("total_gpu_memory", MemorySize.gigabytes(memoryTotal))
                .put("available_gpu_memory", MemorySize.gigabytes(memoryFree))
                .put(
                        "utilization",
                        live.isEmpty() ? 0.0 : Math.round(1000.0 * (live.size() - idle) / live.size()) / 1000.0);
        ArrayNode breakdown = body.putArray("queue_breakdown");
        for (Lane lane : Lane.pollingOrder()) {
            breakdown
                    .addObject()
                    .put("priority", lane.representativePriority())
                    .put("lane", lane.name().toLowerCase(Locale.ROOT))
                    .put("count", status.lanes().get(lane).waiting())
                    .put("in_flight", status.lanes().get(lane).inFlight())
                    .put("avg_wait_time", waitSeconds);
        }
        return ApiResponse.ok(body);
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
