package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/**
 * Everything a node sees while it runs: its resolved inputs (literals as JSON, IMAGE as a list of images, MASK as a
 * list of masks), the directories, the prompt for PNG metadata, and a progress hook that also checks for interrupts.
 */
final class NodeContext {

    /** ComfyUI's progress-bar hook: checks for an interrupt, then reports {@code progress} (and maybe a preview). */
    interface ProgressHook {
        void report(long value, long max, BufferedImage preview);
    }

    private final String nodeId;
    private final Map<String, Object> inputs;
    private final JsonNode prompt;
    private final JsonNode extraData;
    private final ComfyUiOutputFiles files;
    private final ProgressHook progress;

    NodeContext(
            String nodeId,
            Map<String, Object> inputs,
            JsonNode prompt,
            JsonNode extraData,
            ComfyUiOutputFiles files,
            ProgressHook progress) {
        this.nodeId = nodeId;
        this.inputs = inputs;
        this.prompt = prompt;
        this.extraData = extraData;
        this.files = files;
        this.progress = progress;
    }

    String nodeId() {
        return nodeId;
    }

    long integer(String name) {
        return literal(name).asLong();
    }

    double number(String name) {
        return literal(name).asDouble();
    }

    String text(String name) {
        return literal(name).asText();
    }

    List<BufferedImage> images(String name) {
        return batch(name, BufferedImage.class);
    }

    List<Mask> masks(String name) {
        return batch(name, Mask.class);
    }

    ComfyUiOutputFiles files() {
        return files;
    }

    JsonNode prompt() {
        return prompt;
    }

    /** {@code extra_data.extra_pnginfo}, or null: SaveImage embeds each of its keys as a PNG text chunk. */
    JsonNode extraPngInfo() {
        JsonNode info = extraData == null ? null : extraData.get("extra_pnginfo");
        return info == null || info.isNull() ? null : info;
    }

    void progress(long value, long max, BufferedImage preview) {
        progress.report(value, max, preview);
    }

    private JsonNode literal(String name) {
        Object value = inputs.get(name);
        if (value instanceof JsonNode json) {
            return json;
        }
        throw new PythonError("TypeError", "expected a widget value for '" + name + "', got a linked " + kind(value));
    }

    private <T> List<T> batch(String name, Class<T> type) {
        Object value = inputs.get(name);
        if (value instanceof List<?> list && list.stream().allMatch(type::isInstance)) {
            return list.stream().map(type::cast).toList();
        }
        // What torch code says when a node gets a literal where it expected a tensor.
        throw new PythonError("AttributeError", "'" + kind(value) + "' object has no attribute 'shape'");
    }

    private static String kind(Object value) {
        if (value instanceof JsonNode json) {
            return json.isTextual()
                    ? "str"
                    : json.isIntegralNumber()
                            ? "int"
                            : json.isNumber()
                                    ? "float"
                                    : json.isBoolean() ? "bool" : json.isNull() ? "NoneType" : "dict";
        }
        return value == null ? "NoneType" : "Tensor";
    }
}
