package io.comfyless.functions.api;

import io.comfyless.core.schedule.Schedule;
import io.comfyless.core.schedule.ScheduleService;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.util.Map;

/**
 * {@code /v1/schedules}: submit a saved template with overrides on an EventBridge Scheduler
 * expression ({@code cron(0 9 * * ? *)}, {@code rate(1 hour)}, {@code at(...)}).
 */
public final class ScheduleRoutes {

    private final ScheduleService schedules;
    private final Access access;

    public ScheduleRoutes(ScheduleService schedules, Access access) {
        this.schedules = schedules;
        this.access = access;
    }

    public void register(Router router) {
        CollectionRoutes.register(router, access, "/v1/schedules", this::create, this::list, this::get, this::delete);
    }

    ApiResponse create(Caller caller, ApiRequest request, PathParams params) {
        Schedule schedule = schedules.create(caller.tenantId(), request.json());
        return ApiResponse.json(201, View.of(schedule)).withHeader("Location", "/v1/schedules/" + schedule.id());
    }

    ApiResponse list(Caller caller, ApiRequest request, PathParams params) {
        return ApiResponse.ok(Map.of(
                "schedules",
                schedules.list(caller.tenantId()).stream().map(View::of).toList()));
    }

    ApiResponse get(Caller caller, ApiRequest request, PathParams params) {
        return ApiResponse.ok(View.of(schedules.get(caller.tenantId(), params.get("id"))));
    }

    ApiResponse delete(Caller caller, ApiRequest request, PathParams params) {
        schedules.delete(caller.tenantId(), params.get("id"));
        return CollectionRoutes.deleted(params.get("id"));
    }

    /** A schedule as the API shows it. */
    record View(
            String id,
            String templateId,
            String schedule,
            String timezone,
            Object inputOverrides,
            Object priority,
            String description,
            String status,
            String createdAt) {

        static View of(Schedule schedule) {
            return new View(
                    schedule.id(),
                    schedule.templateId(),
                    schedule.expression(),
                    schedule.timezone(),
                    schedule.overrides(),
                    schedule.priority(),
                    schedule.description(),
                    "enabled",
                    schedule.createdAt().toString());
        }
    }
}
