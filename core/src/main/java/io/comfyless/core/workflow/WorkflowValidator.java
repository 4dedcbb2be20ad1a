package io.comfyless.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.catalog.CatalogCheck;
import io.comfyless.core.catalog.CatalogFindings;
import io.comfyless.core.catalog.ModelLookup;
import io.comfyless.core.catalog.NodeCatalog;
import io.comfyless.core.catalog.NodeCatalogSource;
import io.comfyless.core.catalog.ValidationLevel;
import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.error.UnprocessableWorkflowException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.error.WorkflowValidationException;
import io.comfyless.core.net.UrlGuard;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an API-format workflow before anything is queued. Its structure first, what can be known
 * without ComfyUI's node definitions: every node has a class_type and inputs; every link names an
 * existing node and a non-negative output; the graph has no cycle; values respect the limits; no
 * node type is blocked. Then, once runners have published their ComfyUI's node catalogue, what
 * ComfyUI itself would refuse ({@link CatalogCheck}). All problems are reported together, each
 * naming its node and input.
 */
public final class WorkflowValidator {

    /**
     * Inputs whose legitimate range exceeds the numeric limit: 64-bit seeds, and 24-bit RGB colours
     * (EmptyImage's {@code color} goes up to 0xFFFFFF).
     */
    private static final Set<String> WIDE_INPUTS = Set.of("seed", "noise_seed", "color");

    private static final Pattern URL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://");
    private static final int MAX_REPORTED = 50;

    private final ValidationRules rules;
    private final NodeCatalogSource catalogs;
    private final ModelLookup models;
    private final UrlGuard urls;

    /** Structure only; the URLs of input files are judged by their spelling, without DNS. */
    public WorkflowValidator(ValidationRules rules) {
        this(rules, NodeCatalogSource.none(), (folder, name) -> false, null);
    }

    /**
     * @param catalogs the published node catalogue, when there is one
     * @param models   whether the model store holds a model a runner would copy in
     * @param urls     the guard the runner fetches input files through; their hosts are resolved and checked here
     *                 already, so an inward URL is a 400 rather than a failed job
     */
    public WorkflowValidator(ValidationRules rules, NodeCatalogSource catalogs, ModelLookup models, UrlGuard urls) {
        this.rules = rules;
        this.catalogs = catalogs;
        this.models = models;
        this.urls = urls;
    }

    /** How far {@link #validate} checks now: against a catalogue once one is published. */
    public ValidationLevel level() {
        return catalogs.current().isPresent() ? ValidationLevel.CATALOG : ValidationLevel.STRUCTURAL;
    }

    /**
     * @return how far the workflow was checked
     * @throws WorkflowValidationException listing every problem
     * @throws UnprocessableWorkflowException when its only problem is a blocked node type
     */
    public ValidationLevel validate(Workflow workflow) {
        List<ErrorDetail> problems = new ArrayList<>();
        List<ErrorDetail> blocked = new ArrayList<>();
        if (workflow.size() > rules.maxNodes()) {
            problems.add(ErrorDetail.field(
                    ErrorCodes.TOO_MANY_NODES,
                    "workflow",
                    "The workflow has " + workflow.size() + " nodes; the limit is " + rules.maxNodes()));
        }
        int connections = 0;
        for (String id : workflow.nodeIds()) {
            JsonNode node = workflow.node(id).orElseThrow();
            JsonNode classType = node.get("class_type");
            String label = "Node '" + id + "'";
            if (classType == null
                    || !classType.isTextual()
                    || classType.asText().isBlank()) {
                problems.add(
                        ErrorDetail.node(ErrorCodes.MISSING_CLASS_TYPE, id, null, label + " is missing 'class_type'"));
            } else {
                label += " (" + classType.asText() + ")";
                if (!rules.permits(classType.asText())) {
                    blocked.add(ErrorDetail.node(
                            ErrorCodes.NODE_TYPE_BLOCKED,
                            id,
                            null,
                            label + " uses a node type that is not allowed on this deployment"));
                }
            }
            JsonNode inputs = node.get("inputs");
            if (inputs == null || !inputs.isObject()) {
                problems.add(ErrorDetail.node(
                        ErrorCodes.MISSING_INPUTS, id, null, label + " is missing its 'inputs' object"));
                continue;
            }
            for (Map.Entry<String, JsonNode> input : workflow.inputs(id).entrySet()) {
                if (Workflow.isLink(input.getValue())) {
                    connections++;
                    checkLink(workflow, id, label, input.getKey(), input.getValue(), problems);
                } else {
                    checkLiteral(id, label, input.getKey(), input.getValue(), problems);
                    if (classType != null && FetchedInputs.fetched(classType.asText(), input.getKey())) {
                        checkFetchedUrl(id, label, input.getKey(), input.getValue(), problems);
                    }
                }
            }
        }
        if (connections > rules.maxConnections()) {
            problems.add(ErrorDetail.field(
                    ErrorCodes.TOO_MANY_CONNECTIONS,
                    "workflow",
                    "The workflow has " + connections + " connections; the limit is " + rules.maxConnections()));
        }
        if (problems.isEmpty()) {
            findCycle(workflow).ifPresent(problems::add);
        }
        Optional<NodeCatalog> catalog = catalogs.current();
        CatalogFindings findings = catalog.map(c -> new CatalogCheck(c, models).check(workflow))
                .orElse(new CatalogFindings(List.of(), List.of(), List.of()));
        problems.addAll(findings.problems());
        if (!blocked.isEmpty() && problems.isEmpty()) {
            throw new UnprocessableWorkflowException(blocked.get(0).message(), blocked);
        }
        if (!problems.isEmpty()) {
            problems.addAll(blocked);
            throw new WorkflowValidationException(
                    problems.size() > MAX_REPORTED ? problems.subList(0, MAX_REPORTED) : problems,
                    findings.missingNodeTypes(),
                    findings.invalidConnections());
        }
        return catalog.isPresent() ? ValidationLevel.CATALOG : ValidationLevel.STRUCTURAL;
    }

    private static void checkLink(
            Workflow workflow, String id, String label, String input, JsonNode link, List<ErrorDetail> problems) {
        if (link.size() != 2 || !link.get(0).isTextual() || !link.get(1).isIntegralNumber()) {
            problems.add(
                    ErrorDetail.node(
                            ErrorCodes.BAD_LINK,
                            id,
                            input,
                            label + " input '" + input
                                    + "' must be a link [node_id, output_index] (wrap literal lists as {\"__value__\": [...]})"));
            return;
        }
        String target = link.get(0).asText();
        long index = link.get(1).asLong();
        if (workflow.node(target).isEmpty()) {
            problems.add(ErrorDetail.node(
                    ErrorCodes.LINK_TO_MISSING_NODE,
                    id,
                    input,
                    label + " input '" + input + "' links to node '" + target + "', which does not exist"));
        }
        if (index < 0) {
            problems.add(ErrorDetail.node(
                    ErrorCodes.BAD_OUTPUT_INDEX,
                    id,
                    input,
                    label + " input '" + input + "' links to output " + index + " of node '" + target
                            + "'; output indexes start at 0"));
        }
    }

    private void checkLiteral(String id, String label, String input, JsonNode value, List<ErrorDetail> problems) {
        if (value.isTextual()) {
            String text = value.asText();
            if (text.length() > rules.maxStringLength()) {
                problems.add(inputProblem(
                        ErrorCodes.STRING_TOO_LONG,
                        id,
                        label,
                        input,
                        "has " + text.length() + " characters; the limit is " + rules.maxStringLength()));
            }
            if (URL.matcher(text).find() && !text.regionMatches(true, 0, "https://", 0, 8)) {
                problems.add(inputProblem(
                        ErrorCodes.URL_SCHEME_NOT_ALLOWED,
                        id,
                        label,
                        input,
                        "is a URL with a scheme other than https"));
            }
        } else if (value.isNumber()
                && !WIDE_INPUTS.contains(input)
                && Math.abs(value.doubleValue()) > rules.maxNumericValue()) {
            problems.add(inputProblem(
                    ErrorCodes.VALUE_TOO_LARGE,
                    id,
                    label,
                    input,
                    "is " + value.asText() + "; the limit is " + rules.maxNumericValue()));
        }
    }

    /** A problem with one input of node {@code id}: "{@code <label> input '<input>' <what>}". */
    private static ErrorDetail inputProblem(String code, String id, String label, String input, String what) {
        return ErrorDetail.node(code, id, input, label + " input '" + input + "' " + what);
    }

    /** An https URL of an input file must not lead into the network: the runner would refuse to fetch it. */
    private void checkFetchedUrl(String id, String label, String input, JsonNode value, List<ErrorDetail> problems) {
        String text = value.asText();
        if (!value.isTextual() || !text.regionMatches(true, 0, "https://", 0, 8)) {
            return;
        }
        String field = label + " input '" + input + "'";
        try {
            if (urls == null) {
                UrlGuard.strict().checkWithoutResolving(text, field);
            } else {
                urls.check(text, field);
            }
        } catch (ValidationException refused) {
            problems.add(ErrorDetail.node("URL_NOT_ALLOWED", id, input, refused.getMessage()));
        }
    }

    /** Depth-first search over links; reports one node on the first cycle found. */
    private static Optional<ErrorDetail> findCycle(Workflow workflow) {
        Map<String, Integer> state = new HashMap<>();
        for (String start : workflow.nodeIds()) {
            String onCycle = visit(workflow, start, state);
            if (onCycle != null) {
                return Optional.of(ErrorDetail.node(
                        ErrorCodes.DEPENDENCY_CYCLE,
                        onCycle,
                        null,
                        "Node '" + onCycle + "' depends on itself through its links; workflows must be acyclic"));
            }
        }
        return Optional.empty();
    }

    private static final int VISITING = 1;
    private static final int DONE = 2;

    private static String visit(Workflow workflow, String start, Map<String, Integer> state) {
        // Iterative DFS: user graphs may be deep enough to overflow the stack of a recursive walk.
        if (state.containsKey(start)) {
            return null;
        }
        record Frame(String node, Iterator<String> next) {}
        Deque<Frame> stack = new ArrayDeque<>();
        state.put(start, VISITING);
        stack.push(new Frame(start, upstream(workflow, start).iterator()));
        while (!stack.isEmpty()) {
            Frame frame = stack.peek();
            if (frame.next().hasNext()) {
                String child = frame.next().next();
                Integer seen = state.get(child);
                if (seen == null) {
                    state.put(child, VISITING);
                    stack.push(new Frame(child, upstream(workflow, child).iterator()));
                } else if (seen == VISITING) {
                    return child;
                }
            } else {
                state.put(frame.node(), DONE);
                stack.pop();
            }
        }
        return null;
    }

    private static List<String> upstream(Workflow workflow, String id) {
        List<String> targets = new ArrayList<>();
        for (JsonNode value : workflow.inputs(id).values()) {
            if (Workflow.isLink(value)
                    && value.size() == 2
                    && value.get(0).isTextual()
                    && workflow.node(value.get(0).asText()).isPresent()) {
                targets.add(value.get(0).asText());
            }
        }
        return targets;
    }
}
