package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * One input of a node as ComfyUI's {@code INPUT_TYPES} declares it: a type name ({@code INT}, {@code IMAGE}) or a list
 * of choices (a combo), plus options such as default, min, max and step that validation enforces.
 */
record InputSpec(String name, String type, List<String> choices, ObjectNode options) {

    InputSpec {
        choices = choices == null ? null : List.copyOf(choices);
    }

    /** A socket input such as {@code IMAGE} or {@code MASK}, declared as {@code ("IMAGE",)}. */
    static InputSpec socket(String name, String type) {
        return new InputSpec(name, type, null, null);
    }

    static InputSpec socket(String name, String type, String tooltip) {
        return new InputSpec(name, type, null, ComfyUiJson.object().put("tooltip", tooltip));
    }

    static InputSpec integer(String name, long defaultValue, long min, long max, Long step) {
        ObjectNode options = ComfyUiJson.object()
                .put("default", defaultValue)
                .put("min", min)
                .put("max", max);
        if (step != null) {
            options.put("step", step);
        }
        return new InputSpec(name, "INT", null, options);
    }

    static InputSpec floating(String name, double defaultValue, double min, double max, double step) {
        return new InputSpec(
                name,
                "FLOAT",
                null,
                ComfyUiJson.object()
                        .put("default", defaultValue)
                        .put("min", min)
                        .put("max", max)
                        .put("step", step));
    }

    static InputSpec text(String name, String defaultValue, String tooltip) {
        return new InputSpec(
                name,
                "STRING",
                null,
                ComfyUiJson.object().put("default", defaultValue).put("tooltip", tooltip));
    }

    static InputSpec combo(String name, List<String> choices) {
        return new InputSpec(name, null, choices, null);
    }

    static InputSpec combo(String name, List<String> choices, ObjectNode options) {
        return new InputSpec(name, null, choices, options);
    }

    boolean isCombo() {
        return choices != null;
    }

    InputSpec withOption(String key, long value) {
        ObjectNode copy = options == null ? ComfyUiJson.object() : options.deepCopy();
        return new InputSpec(name, type, choices, copy.put(key, value));
    }

    InputSpec withOption(String key, String value) {
        ObjectNode copy = options == null ? ComfyUiJson.object() : options.deepCopy();
        return new InputSpec(name, type, choices, copy.put(key, value));
    }

    Optional<JsonNode> option(String key) {
        return Optional.ofNullable(options).map(o -> o.get(key));
    }

    /** The type as ComfyUI renders it: the name, or the list of choices for a combo. */
    JsonNode typeJson() {
        return isCombo()
                ? ComfyUiJson.strings(choices)
                : ComfyUiJson.MAPPER.getNodeFactory().textNode(type);
    }

    /** The {@code object_info} entry: {@code ["INT", {...}]}, or {@code ["IMAGE"]} when there are no options. */
    ArrayNode objectInfo() {
        ArrayNode entry = ComfyUiJson.array().add(typeJson());
        if (options != null) {
            entry.add(options.deepCopy());
        }
        return entry;
    }

    /** The {@code input_config} that validation errors carry: {@code (input_type, extra_info)} with {} for no options. */
    ArrayNode inputConfig() {
        return ComfyUiJson.array().add(typeJson()).add(options == null ? ComfyUiJson.object() : options.deepCopy());
    }
}
