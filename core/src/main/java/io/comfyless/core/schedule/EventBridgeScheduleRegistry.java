package io.comfyless.core.schedule;

import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;

/**
 * EventBridge Scheduler schedules in the stack's group: a saved-template schedule is one, named by
 * its id; a fleet schedule is one or two ({@code <id>-start}, {@code <id>-stop}). Their target is
 * the {@code schedule} function, their input a {@link ScheduleInvocation}; Scheduler retries failed
 * invocations itself (its default policy).
 */
public final class EventBridgeScheduleRegistry implements ScheduleRegistry {

    private final SchedulerClient scheduler;
    private final ScheduleTarget target;

    public EventBridgeScheduleRegistry(SchedulerClient scheduler, ScheduleTarget target) {
        this.scheduler = scheduler;
        this.target = target;
    }

    @Override
    public void create(
            String name, String expression, String timezone, String description, ScheduleInvocation invocation) {
        scheduler.createSchedule(request -> request.name(name)
                .groupName(target.group())
                .description(description)
                .scheduleExpression(expression)
                .scheduleExpressionTimezone(timezone)
                .flexibleTimeWindow(window -> window.mode(FlexibleTimeWindowMode.OFF))
                .state(ScheduleState.ENABLED)
                .target(t -> t.arn(target.targetArn()).roleArn(target.roleArn()).input(invocation.toJson())));
    }

    @Override
    public void delete(String name) {
        try {
            scheduler.deleteSchedule(request -> request.name(name).groupName(target.group()));
        } catch (ResourceNotFoundException alreadyGone) {
            // Deleting twice is fine.
        }
    }
}
