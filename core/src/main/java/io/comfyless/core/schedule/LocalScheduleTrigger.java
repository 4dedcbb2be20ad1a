package io.comfyless.core.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;

/**
 * Fires schedules where nothing else does: the emulator's Scheduler stores schedules but never
 * invokes a target. Call {@link #tick()} once a minute; every enabled schedule of the group whose
 * expression fell due since the previous tick is fired by handing its stored target input, with
 * the scheduled time filled in as Scheduler would, to the same {@link ScheduleDispatcher} the
 * {@code schedule} function uses (saved templates and fleet schedules alike). Local use only.
 */
public final class LocalScheduleTrigger {

    private static final Logger log = LoggerFactory.getLogger(LocalScheduleTrigger.class);

    private final SchedulerClient scheduler;
    private final String group;
    private final ScheduleDispatcher dispatcher;
    private final Clock clock;
    private Instant lastTick;

    public LocalScheduleTrigger(SchedulerClient scheduler, String group, ScheduleDispatcher dispatcher, Clock clock) {
        this.scheduler = scheduler;
        this.group = group;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.lastTick = clock.instant();
    }

    /** Fires what fell due in (previous tick, now]; returns the firings, for logs and tests. */
    public synchronized List<ScheduleInvocation> tick() {
        Instant now = clock.instant();
        List<ScheduleInvocation> fired = new ArrayList<>();
        for (ScheduleSummary summary :
                scheduler.listSchedulesPaginator(r -> r.groupName(group)).schedules()) {
            if (summary.state() != ScheduleState.ENABLED) {
                continue;
            }
            GetScheduleResponse schedule =
                    scheduler.getSchedule(r -> r.groupName(group).name(summary.name()));
            try {
                ScheduleExpression expression = ScheduleExpression.parse(schedule.scheduleExpression(), "schedule");
                ZoneId zone = ZoneId.of(
                        schedule.scheduleExpressionTimezone() == null ? "UTC" : schedule.scheduleExpressionTimezone());
                Instant created = schedule.creationDate() == null ? lastTick : schedule.creationDate();
                for (Instant due : expression.firesBetween(lastTick, now, zone, created)) {
                    String input = schedule.target()
                            .input()
                            .replace(
                                    ScheduleInvocation.SCHEDULED_TIME_PLACEHOLDER,
                                    due.truncatedTo(ChronoUnit.SECONDS).toString());
                    JsonNode json = Json.read(input);
                    ScheduleInvocation invocation = ScheduleInvocation.fromJson(json);
                    dispatcher.fire(invocation);
                    fired.add(invocation);
                }
            } catch (RuntimeException e) {
                log.warn("Local schedule {} could not fire: {}", summary.name(), e.toString());
            }
        }
        lastTick = now;
        return fired;
    }
}
