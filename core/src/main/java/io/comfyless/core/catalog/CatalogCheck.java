package io.comfyless.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.workflow.InputOverrides;
import io.comfyless.core.workflow.ModelReferences;
import io.comfyless.core.workflow.Workflow;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a workflow against the node types a ComfyUI has, as ComfyUI's own validation would before it runs anything:
 * unknown node types, missing required inputs, links into inputs of another type or from outputs the source lacks,
 * numbers outside their range or not whole where ComfyUI wants INT, values outside a list of choices, and model files
 * that are neither on the runners (in a loader's list) nor in the model store. Every problem names its node and
 * input. It is kinder than ComfyUI in one way: it never refuses what a runner could still make good (an input file
 * that arrives with the job, a model the runner copies from the store).
 */
public final class CatalogCheck {

    /** Lists longer than this are not spelled out in a message. */
    private static final int LISTED_CHOICES = 20;

    private final NodeCatalog catalog;
    private final ModelLookup models;

    public CatalogCheck(NodeCatalog catalog, ModelLookup models) {
        this.catalog = catalog;
        this.models = models;
    }

    public CatalogFindings check(Workflow workflow) {
        Findings found = new Findings();
        for (String id : workflow.nodeIds()) {
            Optional<String> classType = workflow.classType(id);
            if (classType.isEmpty()) {
                continue; // structural validation reports it
            }
            Optional<NodeType> type = catalog.type(classType.get());
            if (type.isEmpty()) {
                found.missingType(id, classType.get());
                continue;
            }
            checkNode(workflow, id, type.get(), found);
        }
        return new CatalogFindings(found.problems, List.copyOf(found.missingTypes), found.connections);
    }

    private void checkNode(Workflow workflow, String id, NodeType type, Findings found) {
        String label = "Node '" + id + "' (" + type.classType() + ")";
        Map<String, JsonNode> inputs = workflow.inputs(id);
        for (NodeInput input : type.required().values()) {
            if (!inputs.containsKey(input.name()) && input.kind() != NodeInput.Kind.DYNAMIC) {
                found.problem(
                        "REQUIRED_INPUT_MISSING",
                        id,
                        input.name(),
                        label + " is missing its required input '" + input.name() + "'");
            }
        }
        for (Map.Entry<String, JsonNode> given : inputs.entrySet()) {
            Optional<NodeInput> declared = type.input(given.getKey());
            if (declared.isEmpty() || declared.get().kind() == NodeInput.Kind.DYNAMIC) {
                continue; // ComfyUI ignores inputs it does not declare
            }
            if (Workflow.isLink(given.getValue())) {
                checkLink(workflow, id, label, declared.get(), given.getValue(), found);
            } else {
                checkValue(type, id, label, declared.get(), given.getValue(), found);
            }
        }
    }

    private void checkLink(Workflow workflow, String id, String label, NodeInput input, JsonNode link, Findings found) {
        if (link.size() != 2
                || !link.get(0).isTextual()
                || !link.get(1).isIntegralNumber()
                || !link.get(1).canConvertToInt()) {
            return; // structural validation reports it
        }
        String source = link.get(0).asText();
        int index = link.get(1).asInt();
        Optional<NodeType> sourceType = workflow.classType(source).flatMap(catalog::type);
        if (sourceType.isEmpty() || index < 0) {
            return; // a missing node or type is reported on its own
        }
        List<String> outputs = sourceType.get().outputs();
        String expected = expected(input);
        if (index >= outputs.size()) {
            String error = label + " input '" + input.name() + "' links to output " + index + " of node '" + source
                    + "' (" + sourceType.get().classType() + "), which has " + outputs.size() + " output"
                    + (outputs.size() == 1 ? "" : "s");
            found.connection(new InvalidConnection(source, index, null, id, input.name(), expected, error));
            found.problem("NO_SUCH_OUTPUT", id, input.name(), error);
            return;
        }
        String given = outputs.get(index);
        if (!compatible(given, input)) {
            String error = label + " input '" + input.name() + "' takes " + expected + ", but node '" + source + "' ("
                    + sourceType.get().classType() + ") output " + index + " is " + given;
            found.connection(new InvalidConnection(source, index, given, id, input.name(), expected, error));
            found.problem("TYPE_MISMATCH", id, input.name(), error);
        }
    }

    private void checkValue(NodeType type, String id, String label, NodeInput input, JsonNode raw, Findings found) {
        JsonNode value = raw.isObject() && raw.has("__value__") ? raw.get("__value__") : raw;
        String where = label + " input '" + input.name() + "'";
        if (InputOverrides.drawsSeed(input.name(), value)) {
            return; // replaced by a drawn seed before the job is queued
        }
        switch (input.kind()) {
            case INT, FLOAT -> checkNumber(id, where, input, value, found);
            case COMBO -> checkChoice(type, id, where, input, value, found);
            default -> {
                // STRING and BOOLEAN take any literal, as ComfyUI converts them; a socket's literal is ComfyUI's to
                // judge.
            }
        }
    }

    private void checkNumber(String id, String where, NodeInput input, JsonNode value, Findings found) {
        Optional<BigDecimal> number = number(value);
        if (number.isEmpty()) {
            if (!value.isBoolean()) {
                found.problem("NOT_A_NUMBER", id, input.name(), where + " must be a number, not " + value);
            }
            return;
        }
        BigDecimal n = number.get();
        if (input.kind() == NodeInput.Kind.INT && n.stripTrailingZeros().scale() > 0) {
            found.problem("NOT_AN_INTEGER", id, input.name(), where + " must be a whole number, not " + plain(n));
        } else if (input.min() != null && n.compareTo(input.min()) < 0) {
            found.problem(
                    "VALUE_BELOW_MIN",
                    id,
                    input.name(),
                    where + " is " + plain(n) + "; the smallest allowed is " + plain(input.min()));
        } else if (input.max() != null && n.compareTo(input.max()) > 0) {
            found.problem(
                    "VALUE_ABOVE_MAX",
                    id,
                    input.name(),
                    where + " is " + plain(n) + "; the largest allowed is " + plain(input.max()));
        }
    }

    private void checkChoice(NodeType type, String id, String where, NodeInput input, JsonNode value, Findings found) {
        if (listed(input, value)) {
            return;
        }
        Optional<String> folder = ModelReferences.folder(type.classType(), input.name());
        if (folder.isPresent() || ModelReferences.isModelFile(value)) {
            boolean stored = folder.isPresent() && value.isTextual() && models.stored(folder.get(), value.asText());
            if (!stored) {
                found.problem(
                        "MODEL_NOT_FOUND",
                        id,
                        input.name(),
                        where + " names model '" + value.asText() + "', which is neither on the runners nor in the"
                                + " model store"
                                + folder.map(f -> " (models/" + f + "/)").orElse(""));
            }
            return;
        }
        if (input.uploads() || input.choices().isEmpty()) {
            return; // a file that comes with the job, or a list this catalogue cannot know
        }
        List<String> choices = input.choices().stream().map(JsonNode::asText).toList();
        String allowed = choices.size() > LISTED_CHOICES
                ? "one of " + choices.size() + " values"
                : "one of " + String.join(", ", choices);
        found.problem(
                "VALUE_NOT_IN_LIST", id, input.name(), where + " is '" + value.asText() + "'; it must be " + allowed);
    }

    private static boolean listed(NodeInput input, JsonNode value) {
        for (JsonNode choice : input.choices()) {
            if (choice.equals(value)
                    || (choice.isValueNode()
                            && value.isValueNode()
                            && choice.asText().equals(value.asText()))) {
                return true;
            }
        }
        return false;
    }

    /** As ComfyUI compares them: equal names, a shared member of comma lists, or a wildcard on either side. */
    private static boolean compatible(String given, NodeInput input) {
        if (input.kind() == NodeInput.Kind.COMBO) {
            return true; // ComfyUI checks a linked combo value when it runs
        }
        if (given.equals("*")
                || NodeCatalog.isDynamic(given)
                || input.socketTypes().contains("*")) {
            return true;
        }
        for (String type : given.split(",")) {
            if (input.socketTypes().contains(type)) {
                return true;
            }
        }
        return false;
    }

    private static String expected(NodeInput input) {
        return input.kind() == NodeInput.Kind.COMBO ? "a value from a list" : String.join(",", input.socketTypes());
    }

    /** ComfyUI converts numeric strings ({@code "8"}) before it checks them. */
    private static Optional<BigDecimal> number(JsonNode value) {
        if (value.isNumber()) {
            return Optional.of(value.decimalValue());
        }
        if (value.isTextual()) {
            try {
                return Optional.of(new BigDecimal(value.asText().strip()));
            } catch (NumberFormatException notANumber) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static String plain(BigDecimal n) {
        return n.stripTrailingZeros().toPlainString();
    }

    /** Collects findings in node order; each missing type is listed once. */
    private static final class Findings {
        final List<ErrorDetail> problems = new ArrayList<>();
        final Set<String> missingTypes = new LinkedHashSet<>();
        final List<InvalidConnection> connections = new ArrayList<>();

        void problem(String code, String nodeId, String input, String message) {
            problems.add(ErrorDetail.node(code, nodeId, input, message));
        }

        void missingType(String nodeId, String classType) {
            missingTypes.add(classType);
            problem(
                    "UNKNOWN_NODE_TYPE",
                    nodeId,
                    null,
                    "Node '" + nodeId + "' uses node type '" + classType + "', which ComfyUI on the runners does not"
                            + " have (a custom node that is not installed?)");
        }

        void connection(InvalidConnection connection) {
            connections.add(connection);
        }
    }
}
