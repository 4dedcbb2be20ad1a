package io.comfyless.core.schedule;

/**
 * Whatever fires schedules: EventBridge Scheduler in AWS (and, for storage only, in the emulator).
 * Every schedule invokes the {@code schedule} function with a {@link ScheduleInvocation}.
 */
public interface ScheduleRegistry {

    /** Registers one schedule under {@code name}, firing {@code invocation} on {@code expression}. */
    void create(String name, String expression, String timezone, String description, ScheduleInvocation invocation);

    void delete(String name);

    /** A saved-template schedule, named by its id. */
    default void create(Schedule schedule) {
        create(
                schedule.id(),
                schedule.expression(),
                schedule.timezone(),
                "ComfyLess schedule of tenant " + schedule.tenant(),
                ScheduleInvocation.forSchedule(schedule));
    }
}
