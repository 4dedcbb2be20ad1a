package io.comfyless.core.schedule;

/** Whatever fires schedules: EventBridge Scheduler in AWS (and, for storage only, in the emulator). */
public interface ScheduleRegistry {

    void create(Schedule schedule);

    void delete(String scheduleId);
}
