package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders values the way Python's {@code str()} and {@code repr()} do, because ComfyUI builds its error messages with
 * f-strings ({@code "Value 0 smaller than min of 1"}, {@code "upscale_method: 'x' not in ['nearest-exact', ...]"}).
 */
final class PythonText {

    private PythonText() {}

    /** {@code str(value)} of a JSON-decoded value. */
    static String str(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "None";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        return repr(value);
    }

    /** {@code repr(value)} of a JSON-decoded value. */
    static String repr(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "None";
        }
        if (value.isTextual()) {
            return repr(value.textValue());
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "True" : "False";
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if (value.isNumber()) {
            return floatRepr(value.doubleValue());
        }
        if (value.isArray()) {
            StringBuilder out = new StringBuilder("[");
            for (Iterator<JsonNode> it = value.elements(); it.hasNext(); ) {
                out.append(repr(it.next()));
                if (it.hasNext()) {
                    out.append(", ");
                }
            }
            return out.append(']').toString();
        }
        StringBuilder out = new StringBuilder("{");
        for (Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            out.append(repr(field.getKey())).append(": ").append(repr(field.getValue()));
            if (it.hasNext()) {
                out.append(", ");
            }
        }
        return out.append('}').toString();
    }

    static String repr(String text) {
        boolean useDouble = text.indexOf('\'') >= 0 && text.indexOf('"') < 0;
        char quote = useDouble ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        for (char c : text.toCharArray()) {
            if (c == quote || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append(c);
            }
        }
        return out.append(quote).toString();
    }

    static String repr(List<String> texts) {
        return texts.stream().map(PythonText::repr).collect(Collectors.joining(", ", "[", "]"));
    }

    /** {@code repr(float)}: shortest round-trip digits, positional between 1e-4 and 1e16, else {@code 1e-05} style. */
    static String floatRepr(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exponent = shortest.precision() - shortest.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String plain = shortest.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = shortest.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String sign = value < 0 ? "-" : "";
        String expSign = exponent < 0 ? "-" : "+";
        return sign + mantissa + "e" + expSign + String.format("%02d", Math.abs(exponent));
    }

    /** {@code str(number)} where the number came from an INT ({@code long}) or FLOAT ({@code double}) input. */
    static String number(Number value) {
        if (value instanceof Double || value instanceof Float) {
            return floatRepr(value.doubleValue());
        }
        return value.toString();
    }
}
