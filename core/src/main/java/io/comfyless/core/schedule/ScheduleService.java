package io.comfyless.core.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.error.ServiceUnavailableException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.job.IdGenerator;
import io.comfyless.core.job.JobRequestParser;
import io.comfyless.core.json.Fields;
import io.comfyless.core.json.Json;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Schedules that submit a saved template on a cron: checked in full when created (expression,
 * time zone, template, overrides, by parsing the very request each firing will make), kept per
 * tenant in the store, and registered with Scheduler, which fires them.
 */
public final class ScheduleService {

    private final ScheduleStore store;
    private final Optional<ScheduleRegistry> registry;
    private final JobRequestParser parser;
    private final IdGenerator ids;
    private final Clock clock;

    public ScheduleService(
            ScheduleStore store,
            Optional<ScheduleRegistry> registry,
            JobRequestParser parser,
            IdGenerator ids,
            Clock clock) {
        this.store = store;
        this.registry = registry;
        this.parser = parser;
        this.ids = ids;
        this.clock = clock;
    }

    /** Body: {@code template_id}, {@code schedule} (or {@code expression}), optional {@code timezone}, {@code input_overrides}, {@code priority}, {@code description}. */
    public Schedule create(String tenant, JsonNode body) {
        ScheduleRegistry scheduler = registry.orElseThrow(
                () -> new ServiceUnavailableException("Schedules are not configured on this stack"));
        if (body == null || !body.isObject()) {
            throw ValidationException.of(ErrorCodes.INVALID_TYPE, "body", "The request body must be a JSON object");
        }
        String templateId = Fields.text(body, "template_id", "template_id")
                .or(() -> Fields.text(body, "workflow_id", "workflow_id"))
                .orElseThrow(() ->
                        ValidationException.of(ErrorCodes.REQUIRED_FIELD, "template_id", "template_id is required"));
        JsonNode expressionNode = body.has("schedule") ? body.get("schedule") : body.get("expression");
        String field = body.has("schedule") ? "schedule" : "expression";
        if (expressionNode == null || !expressionNode.isTextual()) {
            throw ValidationException.of(
                    ErrorCodes.REQUIRED_FIELD,
                    "schedule",
                    "schedule is required, e.g. \"cron(0 9 * * ? *)\" or \"rate(1 hour)\"");
        }
        ScheduleExpression expression = ScheduleExpression.parse(expressionNode.asText(), field);
        String timezone = body.path("timezone").asText("UTC");
        expression.requireFires(field, clock.instant(), ScheduleExpression.zone(timezone, "timezone"));
        JsonNode overrides = body.get("input_overrides");
        if (overrides != null && !overrides.isNull() && !overrides.isObject()) {
            throw ValidationException.of(
                    ErrorCodes.INVALID_TYPE, "input_overrides", "input_overrides must be an object");
        }
        String description = Fields.text(body, "description", "description").orElse(null);
        Schedule schedule = new Schedule(
                "sch_" + ids.randomHex(10),
                tenant,
                templateId,
                expression.text(),
                timezone,
                overrides == null || overrides.isNull() ? null : overrides,
                body.get("priority"),
                description,
                clock.instant());
        // The request each firing will make, parsed now: a bad template id or override is a 4xx today, not a silent
        // skip later.
        ObjectNode firing = Json.object();
        firing.put("workflow_id", templateId);
        if (schedule.overrides() != null) {
            firing.set("input_overrides", schedule.overrides());
        }
        if (schedule.priority() != null) {
            firing.set("priority", schedule.priority());
        }
        parser.parseExecution(tenant, firing, Map.of());
        store.create(schedule);
        try {
            scheduler.create(schedule);
        } catch (RuntimeException e) {
            store.delete(tenant, schedule.id());
            throw e;
        }
        return schedule;
    }

    public Schedule get(String tenant, String id) {
        return store.find(tenant, id).orElseThrow(() -> NotFoundException.of("Schedule", id));
    }

    public List<Schedule> list(String tenant) {
        return store.list(tenant);
    }

    public void delete(String tenant, String id) {
        Schedule schedule = get(tenant, id);
        registry.ifPresent(scheduler -> scheduler.delete(schedule.id()));
        store.delete(tenant, id);
    }
}
