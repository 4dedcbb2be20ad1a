package io.comfyless.core.schedule;

import java.util.List;
import java.util.Optional;

/** The schedules of each tenant, for listing and reading; Scheduler owns the firing. */
public interface ScheduleStore {

    void create(Schedule schedule);

    Optional<Schedule> find(String tenant, String id);

    List<Schedule> list(String tenant);

    boolean delete(String tenant, String id);
}
