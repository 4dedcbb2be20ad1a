package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * ComfyUI's {@code validate_prompt}/{@code validate_inputs}, reproduced decision for decision so that error types,
 * messages, details, {@code node_errors} and {@code dependent_outputs} match the real server. Widget values are
 * coerced in place ({@code "8"} becomes 8), as ComfyUI does before queueing.
 */
final class PromptValidator {

    /** One node's verdict; a node can be invalid with no reasons when only something upstream failed. */
    private record Verdict(boolean valid, List<ObjectNode> reasons) {}

    private final NodeLibrary library;

    PromptValidator(NodeLibrary library) {
        this.library = library;
    }

    /** @throws IllegalArgumentException where ComfyUI would crash with a 500 (a prompt that is not a dict) */
    Validation validate(JsonNode promptJson, JsonNode partialTargets) {
        if (!(promptJson instanceof ObjectNode prompt)) {
            throw new IllegalArgumentException("prompt must be an object");
        }
        List<String> outputs = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : prompt.properties()) {
            String id = entry.getKey();
            if (!entry.getValue().isObject()) {
                throw new IllegalArgumentException("node " + id + " is not an object");
            }
            JsonNode classType = entry.getValue().get("class_type");
            if (classType == null) {
                return Validation.rejected(
                        "invalid_prompt",
                        "Cannot execute because a node is missing the class_type property.",
                        "Node ID '#" + id + "'");
            }
            Optional<ComfyNode> node = classType.isTextual() ? library.find(classType.textValue()) : Optional.empty();
            if (node.isEmpty()) {
                return Validation.rejected(
                        "invalid_prompt",
                        "Cannot execute because node " + PythonText.str(classType) + " does not exist.",
                        "Node ID '#" + id + "'");
            }
            if (node.get().schema().outputNode() && targeted(partialTargets, id)) {
                outputs.add(id);
            }
        }
        if (outputs.isEmpty()) {
            return Validation.rejected("prompt_no_outputs", "Prompt has no outputs", "");
        }
        return validateOutputs(prompt, outputs);
    }

    private Validation validateOutputs(ObjectNode prompt, List<String> outputs) {
        List<String> good = new ArrayList<>();
        List<String> failureLines = new ArrayList<>();
        ObjectNode nodeErrors = ComfyUiJson.object();
        Map<String, Verdict> validated = new LinkedHashMap<>();
        for (String output : outputs) {
            Verdict verdict;
            try {
                verdict = validateNode(prompt, output, validated, new HashSet<>());
            } catch (PythonError crash) {
                ObjectNode extra = ComfyUiJson.object().put("exception_type", crash.pythonType());
                extra.set("traceback", ComfyUiJson.strings(crash.traceback()));
                verdict = new Verdict(
                        false,
                        List.of(Validation.reason(
                                "exception_during_validation", "Exception when validating node", crash.text(), extra)));
                validated.put(output, verdict);
            }
            if (verdict.valid()) {
                good.add(output);
                continue;
            }
            verdict.reasons()
                    .forEach(r -> failureLines.add(
                            r.get("message").asText() + ": " + r.get("details").asText()));
            // As in ComfyUI, every failed node seen so far lists this output as dependent, upstream or not.
            validated.forEach((nodeId, result) -> {
                if (!result.valid() && !result.reasons().isEmpty()) {
                    if (!nodeErrors.has(nodeId)) {
                        ObjectNode entry = ComfyUiJson.object();
                        ArrayNode reasons = ComfyUiJson.array();
                        result.reasons().forEach(reasons::add);
                        entry.set("errors", reasons);
                        entry.set("dependent_outputs", ComfyUiJson.array());
                        entry.put(
                                "class_type",
                                prompt.get(nodeId).get("class_type").asText());
                        nodeErrors.set(nodeId, entry);
                    }
                    ((ArrayNode) nodeErrors.get(nodeId).get("dependent_outputs")).add(output);
                }
            });
        }
        if (good.isEmpty()) {
            ObjectNode error = Validation.reason(
                    "prompt_outputs_failed_validation",
                    "Prompt outputs failed validation",
                    String.join("\n", failureLines),
                    ComfyUiJson.object());
            return new Validation(error, List.of(), nodeErrors);
        }
        return new Validation(null, good, nodeErrors);
    }

    private Verdict validateNode(ObjectNode prompt, String id, Map<String, Verdict> validated, Set<String> inProgress) {
        Verdict known = validated.get(id);
        if (known != null) {
            return known;
        }
        if (!inProgress.add(id)) {
            throw new PythonError("RecursionError", "maximum recursion depth exceeded");
        }
        JsonNode node = prompt.get(id);
        if (!(node.get("inputs") instanceof ObjectNode inputs)) {
            throw node.has("inputs")
                    ? new PythonError(
                            "TypeError",
                            "argument of type '" + InputCoercion.typeName(node.get("inputs")) + "' is not iterable")
                    : PythonError.keyError("'inputs'");
        }
        ComfyNode type = library.find(node.get("class_type").asText()).orElseThrow();
        List<ObjectNode> errors = new ArrayList<>();
        boolean valid = true;
        for (InputSpec spec : type.schema().required()) {
            JsonNode value = inputs.get(spec.name());
            if (value == null) {
                errors.add(Validation.reason(
                        "required_input_missing",
                        "Required input is missing",
                        spec.name(),
                        ComfyUiJson.object().put("input_name", spec.name())));
            } else if (value.isArray()) {
                valid &= checkLink(prompt, spec, (ArrayNode) value, errors, validated, inProgress);
            } else {
                checkLiteral(type, inputs, spec, value, errors);
            }
        }
        customValidation(type, inputs, errors);
        inProgress.remove(id);
        Verdict verdict = new Verdict(errors.isEmpty() && valid, List.copyOf(errors));
        validated.put(id, verdict);
        return verdict;
    }

    /** @return false when the linked node is invalid (its own errors are recorded under its id, not here) */
    private boolean checkLink(
            ObjectNode prompt,
            InputSpec spec,
            ArrayNode link,
            List<ObjectNode> errors,
            Map<String, Verdict> validated,
            Set<String> inProgress) {
        String name = spec.name();
        if (link.size() != 2) {
            ObjectNode extra = ComfyUiJson.object().put("input_name", name);
            extra.set("input_config", spec.inputConfig());
            extra.set("received_value", link);
            errors.add(Validation.reason(
                    "bad_linked_input",
                    "Bad linked input, must be a length-2 list of [node_id, slot_index]",
                    name,
                    extra));
            return true;
        }
        JsonNode sourceId = link.get(0);
        JsonNode source = sourceId.isTextual() ? prompt.get(sourceId.textValue()) : null;
        if (source == null) {
            throw PythonError.keyError(PythonText.repr(sourceId));
        }
        String receivedType = returnType(source, link.get(1));
        if (!receivedType.equals(spec.type()) && !"*".equals(spec.type()) && !"*".equals(receivedType)) {
            String expected = spec.isCombo() ? PythonText.repr(spec.choices()) : spec.type();
            ObjectNode extra = ComfyUiJson.object().put("input_name", name);
            extra.set("input_config", spec.inputConfig());
            extra.put("received_type", receivedType);
            extra.set("linked_node", link);
            errors.add(Validation.reason(
                    "return_type_mismatch",
                    "Return type mismatch between linked nodes",
                    name + ", received_type(" + receivedType + ") mismatch input_type(" + expected + ")",
                    extra));
            return true;
        }
        try {
            return validateNode(prompt, sourceId.textValue(), validated, inProgress)
                    .valid();
        } catch (PythonError crash) {
            ObjectNode extra = ComfyUiJson.object().put("input_name", name);
            extra.set("input_config", spec.inputConfig());
            extra.put("exception_message", crash.text()).put("exception_type", crash.pythonType());
            extra.set("traceback", ComfyUiJson.strings(crash.traceback()));
            extra.set("linked_node", link);
            validated.put(
                    sourceId.textValue(),
                    new Verdict(
                            false,
                            List.of(Validation.reason(
                                    "exception_during_inner_validation",
                                    "Exception when validating inner node",
                                    crash.text(),
                                    extra))));
            return false;
        }
    }

    private String returnType(JsonNode source, JsonNode slot) {
        List<String> outputs = library.find(source.get("class_type").asText())
                .orElseThrow()
                .schema()
                .outputs();
        if (!slot.isIntegralNumber()) {
            throw new PythonError(
                    "TypeError", "tuple indices must be integers or slices, not " + InputCoercion.typeName(slot));
        }
        int index = slot.asInt() < 0 ? slot.asInt() + outputs.size() : slot.asInt();
        if (index < 0 || index >= outputs.size()) {
            throw new PythonError("IndexError", "tuple index out of range");
        }
        return outputs.get(index);
    }

    private void checkLiteral(
            ComfyNode type, ObjectNode inputs, InputSpec spec, JsonNode raw, List<ObjectNode> errors) {
        String name = spec.name();
        JsonNode value = raw.isObject() && raw.has("__value__") ? raw.get("__value__") : raw;
        inputs.set(name, value);
        try {
            value = InputCoercion.coerce(spec.type(), value);
            inputs.set(name, value);
        } catch (PythonError failure) {
            ObjectNode extra = ComfyUiJson.object().put("input_name", name);
            extra.set("input_config", spec.inputConfig());
            extra.set("received_value", value);
            extra.put("exception_message", failure.text());
            errors.add(Validation.reason(
                    "invalid_input_type",
                    "Failed to convert an input value to a " + spec.type() + " value",
                    name + ", " + PythonText.str(value) + ", " + failure.text(),
                    extra));
            return;
        }
        if (type.customValidatedInputs().contains(name)) {
            return;
        }
        rangeOrChoiceError(spec, value).ifPresent(errors::add);
    }

    private static Optional<ObjectNode> rangeOrChoiceError(InputSpec spec, JsonNode value) {
        ObjectNode extra = ComfyUiJson.object().put("input_name", spec.name());
        extra.set("input_config", spec.inputConfig());
        extra.set("received_value", value);
        Optional<JsonNode> min = spec.option("min");
        if (value.isNumber()
                && min.isPresent()
                && value.doubleValue() < min.get().doubleValue()) {
            return Optional.of(Validation.reason(
                    "value_smaller_than_min",
                    "Value " + PythonText.repr(value) + " smaller than min of " + PythonText.repr(min.get()),
                    spec.name(),
                    extra));
        }
        Optional<JsonNode> max = spec.option("max");
        if (value.isNumber()
                && max.isPresent()
                && value.doubleValue() > max.get().doubleValue()) {
            return Optional.of(Validation.reason(
                    "value_bigger_than_max",
                    "Value " + PythonText.repr(value) + " bigger than max of " + PythonText.repr(max.get()),
                    spec.name(),
                    extra));
        }
        if (spec.isCombo() && !(value.isTextual() && spec.choices().contains(value.textValue()))) {
            boolean huge = spec.choices().size() > 20;
            String listInfo = huge ? "(list of length " + spec.choices().size() + ")" : PythonText.repr(spec.choices());
            if (huge) {
                extra.putNull("input_config");
            }
            return Optional.of(Validation.reason(
                    "value_not_in_list",
                    "Value not in list",
                    spec.name() + ": '" + PythonText.str(value) + "' not in " + listInfo,
                    extra));
        }
        return Optional.empty();
    }

    private static void customValidation(ComfyNode type, ObjectNode inputs, List<ObjectNode> errors) {
        for (String name : type.customValidatedInputs()) {
            if (inputs.has(name)) {
                type.customValidation(inputs)
                        .ifPresent(failure -> errors.add(Validation.reason(
                                "custom_validation_failed",
                                "Custom validation failed for node",
                                name + " - " + failure,
                                ComfyUiJson.object().put("input_name", name))));
            }
        }
    }

    private static boolean targeted(JsonNode partialTargets, String id) {
        if (partialTargets == null || partialTargets.isNull()) {
            return true;
        }
        for (JsonNode target : partialTargets) {
            if (target.isTextual() && target.textValue().equals(id)) {
                return true;
            }
        }
        return false;
    }
}
