package io.comfyless.functions.api;

import io.comfyless.core.fleet.FleetCapacity;
import io.comfyless.core.fleet.ServiceCapacity;
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
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/fleet}: the GPU capacity as the API sees it, seed 003's server list the AWS way.
 * ECS's view of the runner service (tasks wanted, running, starting) says what scaling is doing;
 * the worker records say what the runners themselves report (state, GPU, current job). A task
 * counted by ECS but without a record is still booting or pulling its image. Needs
 * {@code queue:read}, like the other capacity views.
 */
public final class FleetRoutes {

    private final FleetCapacity capacity;
    private final WorkerRegistry workers;
    private final Access access;

    public FleetRoutes(FleetCapacity capacity, WorkerRegistry workers, Access access) {
        this.capacity = capacity;
        this.workers = workers;
        this.access = access;
    }

    public void register(Router router) {
        router.route("GET", "/v1/fleet", access.require(Scope.QUEUE_READ, this::fleet));
    }

    ApiResponse fleet(Caller caller, ApiRequest request, PathParams params) {
        List<Worker> live = workers.list().stream().filter(Worker::live).toList();
        Optional<ServiceCapacity> service = capacity.service();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", service.orElse(null));
        body.put("workers", live.stream().map(WorkerRoutes.View::of).toList());
        body.put("summary", summary(service, live));
        return ApiResponse.ok(body);
    }

    private static Map<String, Object> summary(Optional<ServiceCapacity> service, List<Worker> live) {
        Map<String, Object> summary = new LinkedHashMap<>(MonitoringRoutes.workerCounts(live));
        summary.put("desired_tasks", service.map(ServiceCapacity::desired).orElse(null));
        summary.put("running_tasks", service.map(ServiceCapacity::running).orElse(null));
        summary.put("pending_tasks", service.map(ServiceCapacity::pending).orElse(null));
        summary.put("scaling", service.map(FleetRoutes::scaling).orElse("unmanaged"));
        return summary;
    }

    /** In words: whether the service is at rest, starting runners or stopping them. */
    static String scaling(ServiceCapacity service) {
        if (service.running() + service.pending() < service.desired()) {
            return "scaling_out";
        }
        if (service.running() > service.desired()) {
            return "scaling_in";
        }
        if (service.pending() > 0) {
            return "starting";
        }
        return service.desired() == 0 ? "idle" : "steady";
    }
}
