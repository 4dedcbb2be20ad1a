package io.comfyless.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ValidationException;
import io.comfyless.functions.http.ApiRequest;
import java.util.Optional;

/** Reads fields of a JSON request body; a missing or mistyped field is a 400 naming it. */
final class Bodies {

    private Bodies() {}

    /** The body, which must be a JSON object. */
    static JsonNode object(ApiRequest request) {
        JsonNode body = request.json();
        if (!body.isObject()) {
            throw ValidationException.of(ErrorCodes.INVALID_TYPE, "body", "The request body must be a JSON object");
        }
        return body;
    }

    static String text(JsonNode body, String field) {
        return optionalText(body, field)
                .orElseThrow(() ->
                        ValidationException.of(ErrorCodes.REQUIRED_FIELD, field, "Field '" + field + "' is required"));
    }

    static Optional<String> optionalText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ValidationException.of(ErrorCodes.INVALID_TYPE, field, "Field '" + field + "' must be a string");
        }
        return Optional.of(value.asText()).filter(text -> !text.isBlank());
    }

    static long integer(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw ValidationException.of(ErrorCodes.REQUIRED_FIELD, field, "Field '" + field + "' is required");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw ValidationException.of(ErrorCodes.INVALID_TYPE, field, "Field '" + field + "' must be an integer");
        }
        return value.asLong();
    }

    static boolean flag(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ValidationException.of(ErrorCodes.INVALID_TYPE, field, "Field '" + field + "' must be true or false");
        }
        return value.asBoolean();
    }
}
