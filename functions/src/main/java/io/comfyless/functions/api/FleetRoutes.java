package io.comfyless.functions.api;

import io.comfyless.core.fleet.FleetRequests;
import io.comfyless.core.fleet.FleetSchedule;
import io.comfyless.core.fleet.FleetSchedules;
import io.comfyless.core.fleet.FleetService;
import io.comfyless.core.fleet.FleetView;
import io.comfyless.core.fleet.GroupCapacity;
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
 * The GPU fleet, seed 003's server lifecycle and scheduler the AWS way. {@code GET /v1/fleet} shows
 * ECS's view of the runner service (tasks wanted, running, starting), the scaling bounds, the
 * instance group, and what the runners themselves report (state, setup stage, GPU, current job); a
 * task counted by ECS but without a record is still booting or pulling its image. It needs
 * {@code queue:read}, like the other capacity views. Changing the fleet ({@code PUT /v1/fleet},
 * {@code POST /v1/fleet/start} and {@code /stop}, fleet schedules) is for the stack's
 * {@link Operators}: the fleet is shared by every tenant and spends money.
 */
public final class FleetRoutes {

    private static final String WHAT = "The GPU fleet";

    private final FleetService fleet;
    private final FleetSchedules schedules;
    private final WorkerRegistry workers;
    private final Access access;
    private final Operators operators;

    FleetRoutes(
            FleetService fleet, FleetSchedules schedules, WorkerRegistry workers, Access access, Operators operators) {
        this.fleet = fleet;
        this.schedules = schedules;
        this.workers = workers;
        this.access = access;
        this.operators = operators;
    }

    public void register(Router router) {
        router.route("GET", "/v1/fleet", access.require(Scope.QUEUE_READ, this::view))
                .route("PUT", "/v1/fleet", access.authenticated(this::update))
                .route("POST", "/v1/fleet/start", access.authenticated(this::start))
                .route("POST", "/v1/fleet/stop", access.authenticated(this::stop))
                .route("GET", "/v1/fleet/schedules", access.authenticated(this::listSchedules))
                .route("POST", "/v1/fleet/schedules", access.authenticated(this::createSchedule))
                .route("GET", "/v1/fleet/schedules/{id}", access.authenticated(this::getSchedule))
                .route("DELETE", "/v1/fleet/schedules/{id}", access.authenticated(this::deleteSchedule));
    }

    ApiResponse view(Caller caller, ApiRequest request, PathParams params) {
        return ApiResponse.ok(body(fleet.view()));
    }

    ApiResponse update(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller, WHAT);
        return ApiResponse.ok(body(Optional.of(fleet.update(FleetRequests.change(request.json())))));
    }

    ApiResponse start(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller, WHAT);
        int count = FleetRequests.startCount(
                request.body() == null || request.body().isBlank() ? null : request.json());
        return ApiResponse.json(202, body(Optional.of(fleet.start(count))));
    }

    ApiResponse stop(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller, WHAT);
        return ApiResponse.json(202, body(Optional.of(fleet.stop())));
    }

    ApiResponse listSchedules(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller, WHAT);
        return ApiResponse.ok(Map.of(
                "schedules", schedules.list().stream().map(ScheduleView::of).toList()));
    }

    ApiResponse createSchedule(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller, WHAT);
        FleetSchedule schedule = schedules.create(request.json());
        return ApiResponse.json(201, ScheduleView.of(schedule))
                .withHeader("Location", "/v1/fleet/schedules/" + schedule.id());
    }

    ApiResponse getSchedule(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller, WHAT);
        return ApiResponse.ok(ScheduleView.of(schedules.get(params.get("id"))));
    }

    ApiResponse deleteSchedule(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller, WHAT);
        schedules.delete(params.get("id"));
        return CollectionRoutes.deleted(params.get("id"));
    }

    private Map<String, Object> body(Optional<FleetView> view) {
        List<Worker> live = workers.list().stream().filter(Worker::live).toList();
        Optional<ServiceCapacity> service = view.map(FleetView::service);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", service.orElse(null));
        body.put("settings", view.map(SettingsView::of).orElse(null));
        body.put(
                "instances",
                view.flatMap(FleetView::group).map(InstancesView::of).orElse(null));
        body.put("workers", live.stream().map(WorkerRoutes.View::of).toList());
        body.put("summary", summary(service, live));
        return body;
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

    /** What {@code PUT /v1/fleet} sets, as it is now. */
    record SettingsView(Integer min, Integer max, int desired, List<String> instanceTypes, String capacity) {

        static SettingsView of(FleetView view) {
            Optional<GroupCapacity> group = view.group();
            return new SettingsView(
                    view.bounds().map(FleetView.Bounds::min).orElse(null),
                    view.bounds().map(FleetView.Bounds::max).orElse(null),
                    view.service().desired(),
                    group.map(GroupCapacity::instanceTypes).orElse(List.of()),
                    group.map(g -> g.capacity().wire()).orElse(null));
        }
    }

    /** The GPU instances behind the runners. */
    record InstancesView(String group, int desired, int inService, int launching) {

        static InstancesView of(GroupCapacity group) {
            return new InstancesView(group.name(), group.desired(), group.inService(), group.launching());
        }
    }

    /** A fleet schedule on the wire. */
    record ScheduleView(
            String id, String start, String stop, String timezone, int count, String description, String createdAt) {

        static ScheduleView of(FleetSchedule schedule) {
            return new ScheduleView(
                    schedule.id(),
                    schedule.start(),
                    schedule.stop(),
                    schedule.timezone(),
                    schedule.count(),
                    schedule.description(),
                    schedule.createdAt().toString());
        }
    }
}
