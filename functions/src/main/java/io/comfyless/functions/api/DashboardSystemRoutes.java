package io.comfyless.functions.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.job.JobService;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.json.Json;
import io.comfyless.core.model.ModelEntry;
import io.comfyless.core.model.ModelStore;
import io.comfyless.core.tenant.Scope;
import io.comfyless.core.worker.Worker;
import io.comfyless.core.worker.WorkerRegistry;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The dashboard's system routes mapped onto the fleet: {@code /api/system/status} (the API, the
 * runners' ComfyUIs, their host figures), {@code /api/system/storage} (the model store in S3, which
 * has no size limit, and the runners' disks) and {@code /api/comfyui/health} (ComfyUI across the
 * runners, and the caller's own queue).
 */
public final class DashboardSystemRoutes {

    private static final double GB = 1024.0 * 1024 * 1024;

    private final JobService jobs;
    private final WorkerRegistry workers;
    private final ModelStore store;
    private final String bucket;
    private final Access access;
    private final Clock clock;
    private final Instant started;

    public DashboardSystemRoutes(
            JobService jobs, WorkerRegistry workers, ModelStore store, String bucket, Access access, Clock clock) {
        this.jobs = jobs;
        this.workers = workers;
        this.store = store;
        this.bucket = bucket;
        this.access = access;
        this.clock = clock;
        this.started = clock.instant();
    }

    public void register(Router router) {
        router.route("GET", "/api/system/status", access.require(Scope.QUEUE_READ, this::status))
                .route("GET", "/api/system/storage", access.require(Scope.QUEUE_READ, this::storage))
                .route("GET", "/api/comfyui/health", access.require(Scope.WORKFLOWS_READ, this::comfyui));
    }

    ApiResponse status(Caller caller, ApiRequest request, PathParams params) {
        List<Worker> live = workers.list().stream().filter(Worker::live).toList();
        FleetFigures fleet = new FleetFigures(live);
        ObjectNode body = Json.object()
                .put("status", "running")
                .put("uptime", Duration.between(started, clock.instant()).toSeconds());
        body.putObject("services")
                .put("dashboard", "running")
                .put("comfyui", comfyuiState(live))
                .put("preset_manager", "running");
        body.putObject("resources")
                .put("cpu_percent", fleet.cpuPercent())
                .put("memory_percent", fleet.memoryPercent())
                .put("gpu_percent", fleet.gpuPercent())
                .put("disk_used_gb", live.isEmpty() ? null : round(fleet.diskUsedBytes() / GB))
                .put("disk_total_gb", live.isEmpty() ? null : round(fleet.diskTotalBytes() / GB));
        body.put("runners", live.size());
        return ApiResponse.ok(body);
    }

    /** The model store as the workspace: what it holds, by folder; S3 sets no total, so total and available are null. */
    ApiResponse storage(Caller caller, ApiRequest request, PathParams params) {
        List<ModelEntry> models = store.list(Optional.empty());
        long used = models.stream().mapToLong(ModelEntry::sizeBytes).sum();
        Map<String, Long> byType = new TreeMap<>();
        models.forEach(m -> byType.merge(m.path().folder(), 1L, Long::sum));
        ObjectNode body = Json.object();
        body.putObject("workspace")
                .put("path", "s3://" + bucket + "/models/")
                .put("used_gb", round(used / GB))
                .putNull("total_gb")
                .putNull("available_gb")
                .putNull("usage_percent");
        ObjectNode modelFigures =
                body.putObject("models").put("count", models.size()).put("total_size_gb", round(used / GB));
        modelFigures.set("by_type", Json.tree(byType));
        List<Worker> live = workers.list().stream().filter(Worker::live).toList();
        FleetFigures fleet = new FleetFigures(live);
        body.putObject("runner_disks")
                .put("runners", live.size())
                .put("used_gb", live.isEmpty() ? null : round(fleet.diskUsedBytes() / GB))
                .put("total_gb", live.isEmpty() ? null : round(fleet.diskTotalBytes() / GB))
                .put("usage_percent", fleet.diskPercent());
        return ApiResponse.ok(body);
    }

    ApiResponse comfyui(Caller caller, ApiRequest request, PathParams params) {
        List<Worker> live = workers.list().stream().filter(Worker::live).toList();
        String state = comfyuiState(live);
        ObjectNode body = Json.object()
                .put("status", state.equals("running") ? "healthy" : state)
                .put(
                        "version",
                        live.stream()
                                .map(Worker::comfyuiVersion)
                                .filter(v -> v != null)
                                .findFirst()
                                .orElse(null))
                .put("runners", live.size());
        body.putObject("queue")
                .put("pending", count(caller, JobStatus.PENDING))
                .put("running", count(caller, JobStatus.RUNNING));
        return ApiResponse.ok(body);
    }

    /** {@code running} when every live runner's ComfyUI answers, {@code scaled_to_zero} without runners. */
    private static String comfyuiState(List<Worker> live) {
        if (live.isEmpty()) {
            return "scaled_to_zero";
        }
        return live.stream().anyMatch(w -> w.comfyui().down()) ? "unhealthy" : "running";
    }

    /** The caller's executions in {@code status}, counted up to a thousand. */
    private long count(Caller caller, JobStatus status) {
        return jobs.list(caller.tenantId(), Optional.of(status), 1000, 0)
                .items()
                .size();
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
