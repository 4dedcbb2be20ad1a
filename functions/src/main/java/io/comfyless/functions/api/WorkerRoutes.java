package io.comfyless.functions.api;

import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.tenant.Scope;
import io.comfyless.core.worker.SetupStage;
import io.comfyless.core.worker.Worker;
import io.comfyless.core.worker.WorkerRegistry;
import io.comfyless.core.worker.WorkerState;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GPU fleet as runners report it: {@code /v1/workers} and seed 000's {@code /api/v1/workers},
 * {@code /api/v1/workers/{id}}, {@code /api/v1/workers/metrics}, with seed 000's worker states.
 * The fleet is shared by every tenant, like the queue, so reading it needs {@code queue:read}.
 */
public final class WorkerRoutes {

    private final WorkerRegistry workers;
    private final Access access;

    public WorkerRoutes(WorkerRegistry workers, Access access) {
        this.workers = workers;
        this.access = access;
    }

    public void register(Router router) {
        router.route("GET", "/v1/workers", access.require(Scope.QUEUE_READ, this::list))
                .route("GET", "/api/v1/workers", access.require(Scope.QUEUE_READ, this::list))
                .route("GET", "/api/v1/workers/metrics", access.require(Scope.QUEUE_READ, this::metrics))
                .route("GET", "/api/v1/workers/{id}", access.require(Scope.QUEUE_READ, this::get));
    }

    ApiResponse list(Caller caller, ApiRequest request, PathParams params) {
        List<View> all = workers.list().stream().map(View::of).toList();
        return ApiResponse.ok(Map.of("workers", all, "total", all.size()));
    }

    ApiResponse get(Caller caller, ApiRequest request, PathParams params) {
        String id = params.get("id");
        return ApiResponse.ok(View.of(workers.find(id).orElseThrow(() -> NotFoundException.of("Worker", id))));
    }

    ApiResponse metrics(Caller caller, ApiRequest request, PathParams params) {
        List<Worker> all = workers.list();
        Map<String, Long> byState = new LinkedHashMap<>();
        for (WorkerState state : WorkerState.values()) {
            byState.put(
                    state.wire(), all.stream().filter(w -> w.state() == state).count());
        }
        long busy = byState.get(WorkerState.RUNNING.wire());
        long total = all.size();
        return ApiResponse.ok(Map.of(
                "total_workers",
                total,
                "by_state",
                byState,
                "busy_workers",
                busy,
                "utilization",
                total == 0 ? 0.0 : (double) busy / total,
                "jobs_completed",
                all.stream().mapToLong(Worker::jobsCompleted).sum(),
                "gpu_memory_total",
                all.stream()
                        .filter(w -> w.gpuMemoryTotal() != null)
                        .mapToLong(Worker::gpuMemoryTotal)
                        .sum(),
                "gpu_memory_free",
                all.stream()
                        .filter(w -> w.gpuMemoryFree() != null)
                        .mapToLong(Worker::gpuMemoryFree)
                        .sum()));
    }

    /** One worker on the wire. */
    record View(
            String id,
            String status,
            String instanceType,
            String capacity,
            String currentJob,
            long jobsCompleted,
            Instant startedAt,
            Instant lastHeartbeat,
            Gpu gpu,
            String comfyuiVersion,
            String setupStage,
            List<Step> setup) {

        record Gpu(String name, Long memoryTotal, Long memoryFree) {}

        /** One setup stage and when it began. */
        record Step(String stage, Instant at) {}

        static View of(Worker worker) {
            return new View(
                    worker.id(),
                    worker.state().wire(),
                    worker.instanceType(),
                    worker.capacity(),
                    worker.currentJob(),
                    worker.jobsCompleted(),
                    worker.startedAt(),
                    worker.heartbeatAt(),
                    new Gpu(worker.gpuName(), worker.gpuMemoryTotal(), worker.gpuMemoryFree()),
                    worker.comfyuiVersion(),
                    worker.stage().map(SetupStage::wire).orElse(null),
                    worker.setup().stream()
                            .map(step -> new Step(step.stage().wire(), step.at()))
                            .toList());
        }
    }
}
