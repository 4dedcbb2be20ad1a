package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.regex.Pattern;

/**
 * Validation's in-place conversion of widget values: Python's {@code int()}, {@code float()}, {@code str()} and
 * {@code bool()}, failing with the messages those raise ({@code invalid literal for int() with base 10: 'x'}).
 */
final class InputCoercion {

    private static final Pattern PY_INT = Pattern.compile("\\s*[+-]?\\d+(_\\d+)*\\s*");
    private static final Pattern PY_FLOAT = Pattern.compile(
            "\\s*[+-]?((\\d+(_\\d+)*)?\\.?(\\d+(_\\d+)*)?([eE][+-]?\\d+)?|inf|infinity|nan)\\s*",
            Pattern.CASE_INSENSITIVE);

    private InputCoercion() {}

    /** The converted value, or the input unchanged for types that are not converted (IMAGE, combos). */
    static JsonNode coerce(String type, JsonNode value) {
        if (type == null) {
            return value;
        }
        return switch (type) {
            case "INT" -> toInt(value);
            case "FLOAT" -> toFloat(value);
            case "STRING" -> TextNode.valueOf(PythonText.str(value));
            case "BOOLEAN" -> BooleanNode.valueOf(ComfyUiJson.truthy(value));
            default -> value;
        };
    }

    private static JsonNode toInt(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value;
        }
        if (value.isNumber()) {
            double d = value.doubleValue();
            if (Double.isNaN(d)) {
                throw new PythonError("ValueError", "cannot convert float NaN to integer");
            }
            if (Double.isInfinite(d)) {
                throw new PythonError("OverflowError", "cannot convert float infinity to integer");
            }
            return LongNode.valueOf((long) d);
        }
        if (value.isBoolean()) {
            return LongNode.valueOf(value.booleanValue() ? 1 : 0);
        }
        if (value.isTextual()) {
            String text = value.textValue();
            if (!PY_INT.matcher(text).matches()) {
                throw new PythonError("ValueError", "invalid literal for int() with base 10: " + PythonText.repr(text));
            }
            return LongNode.valueOf(Long.parseLong(text.strip().replace("_", "").replace("+", "")));
        }
        throw new PythonError(
                "TypeError",
                "int() argument must be a string, a bytes-like object or a real number, not '" + typeName(value) + "'");
    }

    private static JsonNode toFloat(JsonNode value) {
        if (value.isNumber()) {
            return DoubleNode.valueOf(value.doubleValue());
        }
        if (value.isBoolean()) {
            return DoubleNode.valueOf(value.booleanValue() ? 1 : 0);
        }
        if (value.isTextual()) {
            String text = value.textValue().strip();
            if (text.isEmpty() || !PY_FLOAT.matcher(text).matches() || text.matches("[+-]?\\.?")) {
                throw new PythonError(
                        "ValueError", "could not convert string to float: " + PythonText.repr(value.textValue()));
            }
            String lower = text.toLowerCase(java.util.Locale.ROOT).replace("_", "");
            if (lower.endsWith("inf") || lower.endsWith("infinity")) {
                return DoubleNode.valueOf(lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
            }
            if (lower.endsWith("nan")) {
                return DoubleNode.valueOf(Double.NaN);
            }
            return DoubleNode.valueOf(Double.parseDouble(lower));
        }
        throw new PythonError(
                "TypeError", "float() argument must be a string or a real number, not '" + typeName(value) + "'");
    }

    static String typeName(JsonNode value) {
        if (value == null || value.isNull()) {
            return "NoneType";
        }
        if (value.isTextual()) {
            return "str";
        }
        if (value.isBoolean()) {
            return "bool";
        }
        if (value.isIntegralNumber()) {
            return "int";
        }
        if (value.isNumber()) {
            return "float";
        }
        return value.isArray() ? "list" : "dict";
    }
}
