package io.comfyless.core.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.json.Json;

/**
 * What Scheduler hands the {@code schedule} function each time a schedule fires: the schedule's
 * target input, with {@code scheduled_time} filled in by Scheduler's context attribute
 * {@code <aws.scheduler.scheduled-time>}.
 */
public record ScheduleInvocation(
        String tenant,
        String scheduleId,
        String templateId,
        JsonNode overrides,
        JsonNode priority,
        String scheduledTime) {

    /** The placeholder Scheduler replaces with the time the invocation was scheduled for. */
    public static final String SCHEDULED_TIME_PLACEHOLDER = "<aws.scheduler.scheduled-time>";

    public static ScheduleInvocation forSchedule(Schedule schedule) {
        return new ScheduleInvocation(
                schedule.tenant(),
                schedule.id(),
                schedule.templateId(),
                schedule.overrides(),
                schedule.priority(),
                SCHEDULED_TIME_PLACEHOLDER);
    }

    public static ScheduleInvocation fromJson(JsonNode input) {
        return Json.mapper().convertValue(input, ScheduleInvocation.class);
    }

    public String toJson() {
        return Json.write(this);
    }
}
