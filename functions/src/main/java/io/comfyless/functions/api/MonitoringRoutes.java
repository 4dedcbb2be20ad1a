package io.comfyless.functions.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.comfyless.core.health.HealthChecker;
import io.comfyless.core.health.ProbeResult;
import io.comfyless.core.job.JobService;
import io.comfyless.core.job.Lane;
import io.comfyless.core.job.QueueStatus;
import io.comfyless.core.tenant.Scope;
import io.comfyless.core.worker.Worker;
import io.comfyless.core.worker.WorkerRegistry;
import io.comfyless.core.worker.WorkerState;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.ApiVersion;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Seed 001's monitoring, the serverless way. {@code GET /health/detailed} (open, like the other
 * health routes) probes DynamoDB, SQS and S3 and counts live runners: 200 when every dependency
 * answers, otherwise 503 with the same body; runners that stopped reporting are not counted. {@code GET /metrics} (authenticated,
 * {@code queue:read}) reports executions, queue depth, runners and their GPU memory, and the mean
 * execution time. There are no CPU or disk figures: a Lambda's own are meaningless, and the GPU
 * hosts report through their worker records.
 */
public final class MonitoringRoutes {

    private final HealthChecker health;
    private final JobService jobs;
    private final WorkerRegistry workers;
    private final Access access;
    private final Clock clock;
    private final Instant started;

    public MonitoringRoutes(HealthChecker health, JobService jobs, WorkerRegistry workers, Access access, Clock clock) {
        this.health = health;
        this.jobs = jobs;
        this.workers = workers;
        this.access = access;
        this.clock = clock;
        this.started = clock.instant();
    }

    public void register(Router router) {
        router.route("GET", "/health/detailed", this::detailed)
                .route("GET", "/metrics", access.require(Scope.QUEUE_READ, this::metrics))
                .route("GET", "/v1/metrics", access.require(Scope.QUEUE_READ, this::metrics));
    }

    ApiResponse detailed(ApiRequest request, PathParams params) {
        List<ProbeResult> services = health.check();
        Map<String, Object> fleet;
        try {
            fleet = workerCounts(live());
        } catch (RuntimeException e) {
            // The worker records live in DynamoDB, whose probe above already says why.
            fleet = Map.of("error", "worker records unavailable");
        }
        boolean healthy = services.stream().allMatch(ProbeResult::healthy);
        Instant now = clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", healthy ? "healthy" : "unhealthy");
        body.put("timestamp", now.toString());
        body.put("version", ApiVersion.CURRENT);
        body.put("uptime_seconds", Duration.between(started, now).toMillis() / 1000.0);
        body.put("services", services.stream().map(MonitoringRoutes::service).toList());
        body.put("workers", fleet);
        return ApiResponse.json(healthy ? 200 : 503, body);
    }

    ApiResponse metrics(Caller caller, ApiRequest request, PathParams params) {
        QueueStatus queue = jobs.status();
        List<Worker> live = live();
        long memoryTotal = live.stream()
                .filter(w -> w.gpuMemoryTotal() != null)
                .mapToLong(Worker::gpuMemoryTotal)
                .sum();
        long memoryFree = live.stream()
                .filter(w -> w.gpuMemoryFree() != null)
                .mapToLong(Worker::gpuMemoryFree)
                .sum();
        Map<String, Long> byPriority = new LinkedHashMap<>();
        for (Lane lane : Lane.pollingOrder()) {
            byPriority.put(
                    lane.name().toLowerCase(Locale.ROOT),
                    queue.lanes().get(lane).waiting());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timestamp", clock.instant().toString());
        body.put(
                "active_executions",
                live.stream().filter(w -> w.currentJob() != null).count());
        body.put("queue_size", queue.waiting());
        body.put("queue_in_flight", queue.inFlight());
        body.put("queue_by_priority", byPriority);
        body.put("workers", workerCounts(live));
        body.put("gpu_memory_total_bytes", memoryTotal);
        body.put("gpu_memory_free_bytes", memoryFree);
        body.put(
                "gpu_memory_usage_percent",
                memoryTotal == 0 ? 0.0 : Math.round(1000.0 * (memoryTotal - memoryFree) / memoryTotal) / 10.0);
        body.put(
                "jobs_completed_by_live_workers",
                live.stream().mapToLong(Worker::jobsCompleted).sum());
        body.put("average_execution_time_seconds", queue.meanRunTime().toMillis() / 1000.0);
        return ApiResponse.ok(body);
    }

    /** Runners still reporting: one that went silent is no capacity, whatever its record last said. */
    private List<Worker> live() {
        return workers.list().stream().filter(Worker::live).toList();
    }

    /** Seed 001's service entry; {@code error} is written as null when there is none, as the seed shows it. */
    record ServiceView(
            String name,
            String status,
            double responseTimeMs,
            @JsonInclude(JsonInclude.Include.ALWAYS) String error) {}

    private static ServiceView service(ProbeResult result) {
        return new ServiceView(result.name(), result.status(), result.responseTimeMs(), result.error());
    }

    static Map<String, Object> workerCounts(List<Worker> live) {
        Map<String, Long> byState = new LinkedHashMap<>();
        for (WorkerState state : WorkerState.values()) {
            byState.put(
                    state.wire(), live.stream().filter(w -> w.state() == state).count());
        }
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("total", (long) live.size());
        counts.put("busy", byState.get(WorkerState.RUNNING.wire()));
        counts.put("idle", byState.get(WorkerState.IDLE.wire()));
        counts.put("by_state", byState);
        return counts;
    }
}
