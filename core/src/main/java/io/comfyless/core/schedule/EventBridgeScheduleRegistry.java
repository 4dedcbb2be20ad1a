package io.comfyless.core.schedule;

import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;

/**
 * One EventBridge Scheduler schedule per ComfyLess schedule, named by the schedule id, in the
 * stack's group. Its target is the {@code schedule} function, its input the
 * {@link ScheduleInvocation}; Scheduler retries failed invocations itself (its default policy).
 */
public final class EventBridgeScheduleRegistry implements ScheduleRegistry {

    private final SchedulerClient scheduler;
    private final ScheduleTarget target;

    public EventBridgeScheduleRegistry(SchedulerClient scheduler, ScheduleTarget target) {
        this.scheduler = scheduler;
        this.target = target;
    }

    @Override
    public void create(Schedule schedule) {
        scheduler.createSchedule(request -> request.name(schedule.id())
                .groupName(target.group())
                .description("ComfyLess schedule of tenant " + schedule.tenant())
                .scheduleExpression(schedule.expression())
                .scheduleExpressionTimezone(schedule.timezone())
                .flexibleTimeWindow(window -> window.mode(FlexibleTimeWindowMode.OFF))
                .state(ScheduleState.ENABLED)
                .target(t -> t.arn(target.targetArn())
                        .roleArn(target.roleArn())
                        .input(ScheduleInvocation.forSchedule(schedule).toJson())));
    }

    @Override
    public void delete(String scheduleId) {
        try {
            scheduler.deleteSchedule(request -> request.name(scheduleId).groupName(target.group()));
        } catch (ResourceNotFoundException alreadyGone) {
            // Deleting twice is fine.
        }
    }
}
