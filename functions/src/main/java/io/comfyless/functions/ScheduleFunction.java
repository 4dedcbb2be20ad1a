package io.comfyless.functions;

import io.comfyless.core.json.Json;
import io.comfyless.core.schedule.ScheduleDispatcher;
import io.comfyless.core.schedule.ScheduleInvocation;
import java.util.Map;
import java.util.function.Function;

/**
 * The schedule Lambda, invoked by EventBridge Scheduler with the schedule's input: a saved
 * template's ({@code tenant}, {@code schedule_id}, {@code template_id}, {@code overrides},
 * {@code scheduled_time}), whose job it submits, or a fleet schedule's ({@code fleet}), which starts
 * or stops the GPU fleet. A schedule that can no longer run answers normally, so Scheduler does not
 * retry it; an infrastructure error throws and Scheduler retries.
 */
public final class ScheduleFunction implements Function<Map<String, Object>, Map<String, Object>> {

    private final ScheduleDispatcher dispatcher;

    public ScheduleFunction(ScheduleDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> input) {
        return dispatcher.fire(ScheduleInvocation.fromJson(Json.tree(input)));
    }
}
