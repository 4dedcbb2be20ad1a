package io.comfyless.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.error.MalformedJsonException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses numbers that cannot mean what they say once they reach ComfyUI (Python floats and 64-bit ints): decimals
 * that overflow a double ({@code 1e400}) or underflow it to zero ({@code 1e-400}), and integers beyond 64 bits (seeds
 * go up to 2^64-1). Named by their place in the body, and by node and input when inside a workflow node's inputs.
 */
final class NumberLimits {

    private static final BigInteger LARGEST = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);
    private static final BigInteger SMALLEST = BigInteger.TWO.pow(63).negate();
    /** {@code workflow.1.inputs.width}, {@code payload.nodes.1.inputs.width}: the node and input a path is in. */
    private static final Pattern NODE_INPUT = Pattern.compile("(?:^|\\.)([^.]+)\\.inputs\\.([^.]+)(?:\\..*)?$");

    private NumberLimits() {}

    static void check(JsonNode root, String where) {
        Deque<Map.Entry<String, JsonNode>> pending = new ArrayDeque<>();
        pending.push(Map.entry("", root));
        while (!pending.isEmpty()) {
            Map.Entry<String, JsonNode> next = pending.pop();
            String path = next.getKey();
            JsonNode node = next.getValue();
            if (node.isContainerNode()) {
                int index = 0;
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    pending.push(Map.entry(join(path, field.getKey()), field.getValue()));
                }
                if (node.isArray()) {
                    for (JsonNode element : node) {
                        pending.push(Map.entry(join(path, Integer.toString(index++)), element));
                    }
                }
            } else if (node.isNumber()) {
                problem(node).ifPresent(problem -> {
                    throw refused(where, path, node, problem);
                });
            }
        }
    }

    private static Optional<String> problem(JsonNode number) {
        if (number.isBigInteger()) {
            BigInteger value = number.bigIntegerValue();
            return value.compareTo(LARGEST) > 0 || value.compareTo(SMALLEST) < 0
                    ? Optional.of("is beyond the 64-bit integers ComfyUI works with")
                    : Optional.empty();
        }
        if (number.isBigDecimal()) {
            BigDecimal value = number.decimalValue();
            double asDouble = value.doubleValue();
            if (Double.isInfinite(asDouble)) {
                return Optional.of("is too large for a number (it would become infinity)");
            }
            if (asDouble == 0 && value.signum() != 0) {
                return Optional.of("is too small for a number (it would become 0)");
            }
        }
        return Optional.empty();
    }

    private static MalformedJsonException refused(String where, String path, JsonNode number, String problem) {
        String field = path.isEmpty() ? where : path;
        String message = "The number " + number.asText() + " at " + field + " " + problem;
        Matcher inNode = NODE_INPUT.matcher(path);
        ErrorDetail detail = inNode.find()
                ? new ErrorDetail("NUMBER_OUT_OF_RANGE", message, field, inNode.group(1), inNode.group(2))
                : ErrorDetail.field("NUMBER_OUT_OF_RANGE", field, message);
        return new MalformedJsonException(where, message, detail);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
