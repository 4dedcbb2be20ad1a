package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a node class declares to ComfyUI: inputs, outputs, whether it is an output node, and its catalogue entry. */
record NodeSchema(
        String classType,
        String displayName,
        String category,
        String description,
        String pythonModule,
        List<InputSpec> required,
        Map<String, String> hidden,
        List<String> outputs,
        boolean outputNode,
        List<String> outputTooltips) {

    NodeSchema {
        required = List.copyOf(required);
        hidden = Collections.unmodifiableMap(new LinkedHashMap<>(hidden));
        outputs = List.copyOf(outputs);
        outputTooltips = List.copyOf(outputTooltips);
    }

    static Builder builder(String classType) {
        return new Builder(classType);
    }

    /** An image filter: an {@code image} batch in (first input), one IMAGE out; the caller adds the rest. */
    static Builder imageFilter(String classType) {
        return builder(classType).input(InputSpec.socket("image", "IMAGE")).outputs("IMAGE");
    }

    /** A node of ComfyUI's {@code comfy_extras.nodes_mask}, all of which sit in the "mask" category. */
    static Builder maskNode(String classType) {
        return builder(classType).category("mask").pythonModule("comfy_extras.nodes_mask");
    }

    Optional<InputSpec> input(String name) {
        return required.stream().filter(spec -> spec.name().equals(name)).findFirst();
    }

    /** The entry of {@code GET /object_info} for this class. */
    ObjectNode objectInfo() {
        ObjectNode requiredJson = ComfyUiJson.object();
        required.forEach(spec -> requiredJson.set(spec.name(), spec.objectInfo()));
        ObjectNode input = ComfyUiJson.object().set("required", requiredJson);
        ObjectNode inputOrder = ComfyUiJson.object()
                .set(
                        "required",
                        ComfyUiJson.strings(
                                required.stream().map(InputSpec::name).toList()));
        if (!hidden.isEmpty()) {
            ObjectNode hiddenJson = ComfyUiJson.object();
            hidden.forEach(hiddenJson::put);
            input.set("hidden", hiddenJson);
            inputOrder.set("hidden", ComfyUiJson.strings(hidden.keySet()));
        }
        ObjectNode info = ComfyUiJson.object();
        info.set("input", input);
        info.set("input_order", inputOrder);
        info.set("output", ComfyUiJson.strings(outputs));
        ArrayNode isList = ComfyUiJson.array();
        outputs.forEach(o -> isList.add(false));
        info.set("output_is_list", isList);
        info.set("output_name", ComfyUiJson.strings(outputs));
        info.put("name", classType);
        info.put("display_name", displayName);
        info.put("description", description);
        info.put("python_module", pythonModule);
        info.put("category", category);
        info.put("output_node", outputNode);
        if (!outputTooltips.isEmpty()) {
            info.set("output_tooltips", ComfyUiJson.strings(outputTooltips));
        }
        return info;
    }

    /** Fluent construction, so each node class reads like its Python {@code INPUT_TYPES}. */
    static final class Builder {
        private final String classType;
        private String displayName;
        private String category = "image";
        private String description = "";
        private String pythonModule = "nodes";
        private final List<InputSpec> required = new ArrayList<>();
        private final Map<String, String> hidden = new LinkedHashMap<>();
        private final List<String> outputs = new ArrayList<>();
        private boolean outputNode;
        private final List<String> outputTooltips = new ArrayList<>();

        private Builder(String classType) {
            this.classType = classType;
            this.displayName = classType;
        }

        Builder displayName(String value) {
            displayName = value;
            return this;
        }

        Builder category(String value) {
            category = value;
            return this;
        }

        Builder description(String value) {
            description = value;
            return this;
        }

        Builder pythonModule(String value) {
            pythonModule = value;
            return this;
        }

        Builder input(InputSpec spec) {
            required.add(spec);
            return this;
        }

        Builder hidden(String name, String kind) {
            hidden.put(name, kind);
            return this;
        }

        Builder outputs(String... types) {
            outputs.addAll(List.of(types));
            return this;
        }

        Builder outputNode() {
            outputNode = true;
            return this;
        }

        Builder outputTooltips(String... tooltips) {
            outputTooltips.addAll(List.of(tooltips));
            return this;
        }

        NodeSchema build() {
            return new NodeSchema(
                    classType,
                    displayName,
                    category,
                    description,
                    pythonModule,
                    required,
                    hidden,
                    outputs,
                    outputNode,
                    outputTooltips);
        }
    }
}
