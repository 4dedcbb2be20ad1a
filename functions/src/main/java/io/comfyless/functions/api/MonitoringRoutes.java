package io.comfyless.functions.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.health.HealthChecker;
import io.comfyless.core.health.ProbeResult;
import io.comfyless.core.job.JobService;
import io.comfyless.core.job.JobTotals;
import io.comfyless.core.job.Lane;
import io.comfyless.core.job.QueueStatus;
import io.comfyless.core.json.Json;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Monitoring, the serverless way. {@code GET /health/detailed} (open, like the other health routes)
 * probes DynamoDB, SQS and S3, and reports each live runner's ComfyUI and host as the runner last
 * measured them: 200 when every dependency answers ({@code "degraded"} when a runner's ComfyUI does
 * not), otherwise 503 with the same body. {@code GET /metrics} (authenticated, {@code queue:read})
 * reports executions (totals by status, GPU seconds, mean time), queue depth, runners and the fleet's
 * host figures. CPU, memory, GPU and disk figures are the GPU hosts' (a Lambda's own are
 * meaningless), averaged over live runners (runners that stopped reporting are not counted), and null when no
 * runner measured them.
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
        List<ProbeResult> probes = health.check();
        List<Worker> live = List.of();
        Map<String, Object> fleet;
        try {
            live = live();
            fleet = workerCounts(live);
        } catch (RuntimeException e) {
            // The worker records live in DynamoDB, whose probe above already says why.
            fleet = Map.of("error", "worker records unavailable");
        }
        boolean healthy = probes.stream().allMatch(ProbeResult::healthy);
        boolean comfyUisUp = live.stream().noneMatch(w -> w.comfyui().down());
        List<ServiceView> services =
                new ArrayList<>(probes.stream().map(MonitoringRoutes::service).toList());
        services.add(comfyui(live));
        Instant now = clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", !healthy ? "unhealthy" : comfyUisUp ? "healthy" : "degraded");
        body.put("timestamp", now.toString());
        body.put("version", ApiVersion.CURRENT);
        body.put("uptime_seconds", Duration.between(started, now).toMillis() / 1000.0);
        body.put("services", services);
        body.put("system", new FleetFigures(live).system());
        body.put("runners", live.stream().map(MonitoringRoutes::runner).toList());
        body.put("workers", fleet);
        return ApiResponse.json(healthy ? 200 : 503, body);
    }

    /**
     * ComfyUI as one service: healthy when every live runner's ComfyUI answered its last probe, with
     * their mean response time; {@code scaled_to_zero} when no runner is up, which is not a fault.
     */
    private static ServiceView comfyui(List<Worker> live) {
        if (live.isEmpty()) {
            return new ServiceView("comfyui", "scaled_to_zero", 0.0, null);
        }
        List<Worker> down = live.stream().filter(w -> w.comfyui().down()).toList();
        double meanMs = live.stream()
                .map(w -> w.comfyui().responseTimeMs())
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .average()
                .orElse(0.0);
        String error = down.isEmpty()
                ? null
                : down.size() + " of " + live.size() + " runners cannot reach their ComfyUI ("
                        + down.stream().map(Worker::id).toList() + ")";
        String status = !down.isEmpty()
                ? "unhealthy"
                : live.stream().anyMatch(w -> w.comfyui().reachable()) ? "healthy" : "unknown";
        return new ServiceView("comfyui", status, Math.round(meanMs * 10) / 10.0, error);
    }

    private static ObjectNode runner(Worker worker) {
        ObjectNode runner = Json.object()
                .put("worker_id", worker.id())
                .put("state", worker.state().wire())
                .put("instance_type", worker.instanceType())
                .put("heartbeat_at", worker.heartbeatAt().toString());
        runner.putObject("comfyui")
                .put("status", worker.comfyui().status())
                .put("response_time_ms", worker.comfyui().responseTimeMs())
                .put("error", worker.comfyui().error())
                .put("version", worker.comfyuiVersion());
        runner.set("system", FleetFigures.system(worker.host()));
        return runner;
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
        JobTotals totals = jobs.totals();
        FleetFigures fleet = new FleetFigures(live);
        Map<String, Long> byStatus = new LinkedHashMap<>();
        byStatus.put("pending", queue.waiting());
        byStatus.put("running", queue.inFlight());
        byStatus.put("completed", totals.completed());
        byStatus.put("failed", totals.failed());
        byStatus.put("cancelled", totals.cancelled());
        // A tree, not a map: figures nobody measured are written as null rather than left out.
        ObjectNode body = Json.object().put("timestamp", clock.instant().toString());
        body.setAll(fleet.system());
        body.put(
                "gpu_memory_usage_percent",
                memoryTotal == 0 ? 0.0 : Math.round(1000.0 * (memoryTotal - memoryFree) / memoryTotal) / 10.0);
        body.put(
                "active_executions",
                live.stream().filter(w -> w.currentJob() != null).count());
        body.put("queue_size", queue.waiting());
        body.put("queue_in_flight", queue.inFlight());
        body.set("queue_by_priority", Json.tree(byPriority));
        body.put("total_executions", totals.ended() + queue.waiting() + queue.inFlight());
        body.set("executions_by_status", Json.tree(byStatus));
        body.put("gpu_seconds_total", totals.gpuSeconds());
        body.set("workers", Json.tree(workerCounts(live)));
        body.put("gpu_memory_total_bytes", memoryTotal);
        body.put("gpu_memory_free_bytes", memoryFree);
        body.put(
                "jobs_completed_by_live_workers",
                live.stream().mapToLong(Worker::jobsCompleted).sum());
        body.put("average_execution_time_seconds", queue.meanRunTime().toMillis() / 1000.0);
        body.put("uptime_seconds", Duration.between(started, clock.instant()).toMillis() / 1000.0);
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
        // Runners that are alive but cannot reach their ComfyUI, so take no work.
        counts.put("comfyui_unavailable", byState.get(WorkerState.COMFYUI_UNAVAILABLE.wire()));
        counts.put("by_state", byState);
        return counts;
    }
}
