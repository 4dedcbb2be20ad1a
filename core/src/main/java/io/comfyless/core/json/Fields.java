package io.comfyless.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Strict reads of request fields: a field that is present must have the type it is documented
 * with, or the request is a 400 naming the field; nothing is coerced ("yes" is not a boolean, a
 * string is not a list of one) and nothing of the wrong type is silently ignored. An empty or blank
 * string counts as absent for optional fields and is refused where a value is required. Absent and
 * JSON {@code null} are the same.
 */
public final class Fields {

    private Fields() {}

    private static boolean absent(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    /** The object, or a missing node to read further absent fields from. */
    public static JsonNode object(JsonNode parent, String name, String path) {
        JsonNode value = parent.get(name);
        if (absent(value)) {
            return MissingNode.getInstance();
        }
        if (!value.isObject()) {
            throw invalid(path, "must be an object");
        }
        return value;
    }

    public static Optional<String> text(JsonNode parent, String name, String path) {
        JsonNode value = parent.get(name);
        if (absent(value)) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw invalid(path, "must be a string");
        }
        return Optional.of(value.asText().trim()).filter(text -> !text.isEmpty());
    }

    public static String requiredText(JsonNode parent, String name, String path) {
        JsonNode value = parent.get(name);
        if (value != null && value.isTextual() && value.asText().isBlank()) {
            throw ValidationException.of(ErrorCodes.REQUIRED_FIELD, path, "Field '" + path + "' must not be empty");
        }
        return text(parent, name, path)
                .orElseThrow(() ->
                        ValidationException.of(ErrorCodes.REQUIRED_FIELD, path, "Field '" + path + "' is required"));
    }

    public static Optional<Boolean> bool(JsonNode parent, String name, String path) {
        JsonNode value = parent.get(name);
        if (absent(value)) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw invalid(path, "must be true or false");
        }
        return Optional.of(value.booleanValue());
    }

    /** A list of strings; a single string where the list belongs is refused, never taken as all or none. */
    public static Optional<List<String>> texts(JsonNode parent, String name, String path) {
        JsonNode value = parent.get(name);
        if (absent(value)) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw invalid(path, "must be an array of strings");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual() || element.asText().isBlank()) {
                throw invalid(path, "must be an array of non-empty strings");
            }
            texts.add(element.asText().trim());
        }
        return Optional.of(texts);
    }

    private static ValidationException invalid(String path, String what) {
        return ValidationException.of(ErrorCodes.INVALID_TYPE, path, "Field '" + path + "' " + what);
    }
}
