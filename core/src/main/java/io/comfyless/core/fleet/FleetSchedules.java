package io.comfyless.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.error.ServiceUnavailableException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.job.IdGenerator;
import io.comfyless.core.schedule.ScheduleExpression;
import io.comfyless.core.schedule.ScheduleInvocation;
import io.comfyless.core.schedule.ScheduleInvocation.FleetAction;
import io.comfyless.core.schedule.ScheduleRegistry;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Fleet schedules: checked in full when created (both expressions parse and fire within four years,
 * the zone exists, the count fits), kept in the store, and registered with Scheduler as one schedule
 * that starts the fleet and, when there is a stop, one that stops it.
 */
public final class FleetSchedules {

    private final DynamoFleetScheduleStore store;
    private final Optional<ScheduleRegistry> registry;
    private final IdGenerator ids;
    private final Clock clock;

    public FleetSchedules(
            DynamoFleetScheduleStore store, Optional<ScheduleRegistry> registry, IdGenerator ids, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.ids = ids;
        this.clock = clock;
    }

    /** Body: {@code start}, optional {@code stop}, {@code timezone} (UTC), {@code count} (1), {@code description}. */
    public FleetSchedule create(JsonNode body) {
        ScheduleRegistry scheduler = registry.orElseThrow(
                () -> new ServiceUnavailableException("Schedules are not configured on this stack"));
        if (body == null || !body.isObject()) {
            throw ValidationException.of("INVALID_TYPE", "body", "The request body must be a JSON object");
        }
        String timezone = text(body, "timezone").orElse("UTC");
        ZoneId zone = ScheduleExpression.zone(timezone, "timezone");
        String start = expression(body, "start", zone)
                .orElseThrow(() -> ValidationException.of(
                        "REQUIRED_FIELD",
                        "start",
                        "start is required, e.g. \"cron(0 9 ? * MON-FRI *)\" to start runners at 09:00 on weekdays"));
        String stop = expression(body, "stop", zone).orElse(null);
        int count = FleetRequests.startCount(body);
        FleetSchedule schedule = new FleetSchedule(
                "fsch_" + ids.randomHex(10),
                start,
                stop,
                timezone,
                count,
                text(body, "description").orElse(null),
                clock.instant());
        store.create(schedule);
        try {
            scheduler.create(
                    schedule.startName(),
                    start,
                    timezone,
                    "ComfyLess fleet: start " + count + " runner(s)",
                    ScheduleInvocation.forFleet(schedule.id(), new FleetAction(FleetAction.START, count)));
            if (stop != null) {
                scheduler.create(
                        schedule.stopName(),
                        stop,
                        timezone,
                        "ComfyLess fleet: drain to zero",
                        ScheduleInvocation.forFleet(schedule.id(), new FleetAction(FleetAction.STOP, null)));
            }
        } catch (RuntimeException e) {
            scheduler.delete(schedule.startName());
            store.delete(schedule.id());
            throw e;
        }
        return schedule;
    }

    public FleetSchedule get(String id) {
        return store.find(id).orElseThrow(() -> NotFoundException.of("Fleet schedule", id));
    }

    public List<FleetSchedule> list() {
        return store.list();
    }

    public void delete(String id) {
        FleetSchedule schedule = get(id);
        registry.ifPresent(scheduler -> {
            scheduler.delete(schedule.startName());
            scheduler.delete(schedule.stopName());
        });
        store.delete(id);
    }

    private Optional<String> expression(JsonNode body, String field, ZoneId zone) {
        return text(body, field)
                .map(text -> ScheduleExpression.parse(text, field)
                        .requireFires(field, clock.instant(), zone)
                        .text());
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw ValidationException.of("INVALID_TYPE", field, field + " must be a non-empty string");
        }
        return Optional.of(value.asText());
    }
}
