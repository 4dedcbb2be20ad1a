package io.comfyless.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.contract.GpuInstanceType;
import io.comfyless.core.error.ValidationException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the bodies of the fleet routes, each value checked on its own; {@link FleetService} then
 * checks them against each other and the fleet as it is. Every problem is a 400 naming its field.
 */
public final class FleetRequests {

    /** No fleet grows past this many GPUs through the API; EC2 quotas usually stop it long before. */
    public static final int MAX_GPUS = 100;

    private static final Set<String> CHANGE_FIELDS = Set.of("min", "max", "desired", "instance_types", "capacity");

    private FleetRequests() {}

    /** The body of {@code PUT /v1/fleet}: any of min, max, desired, instance_types, capacity; null is the same as absent. */
    public static FleetChange change(JsonNode body) {
        requireObject(body);
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!CHANGE_FIELDS.contains(name)) {
                throw ValidationException.of(
                        "UNKNOWN_FIELD",
                        name,
                        "Unknown field '" + name + "'; the fleet takes min, max, desired, instance_types and capacity");
            }
        }
        FleetChange change = new FleetChange(
                count(body, "min", 0),
                count(body, "max", 1),
                count(body, "desired", 0),
                instanceTypes(body),
                Optional.ofNullable(body.get("capacity"))
                        .filter(value -> !value.isNull())
                        .map(value -> Capacity.parse(text(value, "capacity"), "capacity")));
        if (change.equals(FleetChange.none())) {
            throw ValidationException.of(
                    "REQUIRED_FIELD", "body", "Name at least one of min, max, desired, instance_types, capacity");
        }
        return change;
    }

    /** The body of {@code POST /v1/fleet/start}: an optional {@code count}, 1 when absent. */
    public static int startCount(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return 1;
        }
        requireObject(body);
        return count(body, "count", 1).orElse(1);
    }

    private static Optional<Integer> count(JsonNode body, String field, int least) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber()
                || !value.canConvertToInt()
                || value.asInt() < least
                || value.asInt() > MAX_GPUS) {
            throw ValidationException.of(
                    "INVALID_VALUE", field, field + " must be a whole number from " + least + " to " + MAX_GPUS);
        }
        return Optional.of(value.asInt());
    }

    private static Optional<List<String>> instanceTypes(JsonNode body) {
        JsonNode value = body.get("instance_types");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray() || value.isEmpty()) {
            throw ValidationException.of(
                    "INVALID_VALUE",
                    "instance_types",
                    "instance_types must be a non-empty list such as [\"g5.xlarge\"]");
        }
        List<String> types = new ArrayList<>();
        for (JsonNode item : value) {
            String name = text(item, "instance_types");
            GpuInstanceType type = GpuInstanceType.of(name)
                    .orElseThrow(() -> ValidationException.of(
                            "INVALID_VALUE",
                            "instance_types",
                            "Unknown GPU instance type '" + name + "'; supported: "
                                    + String.join(", ", GpuInstanceType.names())));
            if (!types.contains(type.apiName())) {
                types.add(type.apiName());
            }
        }
        return Optional.of(types);
    }

    private static String text(JsonNode value, String field) {
        if (!value.isTextual()) {
            throw ValidationException.of("INVALID_TYPE", field, field + " must be a string");
        }
        return value.asText();
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ValidationException.of("INVALID_TYPE", "body", "The request body must be a JSON object");
        }
    }
}
