package io.comfyless.core.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.json.Json;

/**
 * What Scheduler hands the {@code schedule} function each time a schedule fires: the schedule's
 * target input, with {@code scheduled_time} filled in by Scheduler's context attribute
 * {@code <aws.scheduler.scheduled-time>}. A saved-template schedule names its tenant and template;
 * a fleet schedule names a {@link FleetAction} instead.
 *
 * @param fleet null for a saved-template schedule
 */
public record ScheduleInvocation(
        String tenant,
        String scheduleId,
        String templateId,
        JsonNode overrides,
        JsonNode priority,
        String scheduledTime,
        FleetAction fleet) {

    /** What a fleet schedule does when it fires: {@code start} (keep {@code count} runners) or {@code stop}. */
    public record FleetAction(String action, Integer count) {

        public static final String START = "start";
        public static final String STOP = "stop";
    }

    /** The placeholder Scheduler replaces with the time the invocation was scheduled for. */
    public static final String SCHEDULED_TIME_PLACEHOLDER = "<aws.scheduler.scheduled-time>";

    public static ScheduleInvocation forSchedule(Schedule schedule) {
        return new ScheduleInvocation(
                schedule.tenant(),
                schedule.id(),
                schedule.templateId(),
                schedule.overrides(),
                schedule.priority(),
                SCHEDULED_TIME_PLACEHOLDER,
                null);
    }

    public static ScheduleInvocation forFleet(String scheduleId, FleetAction action) {
        return new ScheduleInvocation(null, scheduleId, null, null, null, SCHEDULED_TIME_PLACEHOLDER, action);
    }

    public static ScheduleInvocation fromJson(JsonNode input) {
        return Json.mapper().convertValue(input, ScheduleInvocation.class);
    }

    public String toJson() {
        return Json.write(this);
    }
}
