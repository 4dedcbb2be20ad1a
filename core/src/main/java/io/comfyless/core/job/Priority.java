package io.comfyless.core.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ValidationException;
import java.util.Locale;

/**
 * A priority from 0 (lowest) to 10 (highest). Clients may also say {@code low} (2),
 * {@code normal} (5) or {@code high} (8). Priorities map onto three queues: 0-3 low, 4-6 normal,
 * 7-10 high.
 */
public record Priority(int value) {

    public static final Priority LOW = new Priority(2);
    public static final Priority NORMAL = new Priority(5);
    public static final Priority HIGH = new Priority(8);

    public Priority {
        if (value < 0 || value > 10) {
            throw new IllegalArgumentException("priority out of range: " + value);
        }
    }

    public Lane lane() {
        if (value >= 7) {
            return Lane.HIGH;
        }
        return value >= 4 ? Lane.NORMAL : Lane.LOW;
    }

    /** Reads a request field; absent means normal. */
    public static Priority parse(JsonNode node, String field) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NORMAL;
        }
        if (node.isTextual()) {
            return switch (node.asText().trim().toLowerCase(Locale.ROOT)) {
                case "low" -> LOW;
                case "normal" -> NORMAL;
                case "high" -> HIGH;
                default -> throw invalid(field);
            };
        }
        if (node.isIntegralNumber() && node.asLong() >= 0 && node.asLong() <= 10) {
            return new Priority(node.asInt());
        }
        throw invalid(field);
    }

    private static ValidationException invalid(String field) {
        return ValidationException.of(
                ErrorCodes.INVALID_VALUE,
                field,
                "Priority must be an integer from 0 to 10 or one of: low, normal, high");
    }
}
