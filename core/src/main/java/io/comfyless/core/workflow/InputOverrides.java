package io.comfyless.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.error.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies {@code input_overrides} to a workflow. Keys are either explicit paths
 * ({@code "3.seed"}: node 3, input seed) or semantic names:
 * <ul>
 *   <li>{@code prompt} / {@code negative_prompt}: the {@code text} of the node wired to a sampler's
 *       {@code positive} / {@code negative} input;</li>
 *   <li>{@code width}, {@code height}, {@code batch_size}: the latent or image source
 *       ({@code Empty*} nodes), or any node with that input when there is none;</li>
 *   <li>{@code seed} (also {@code noise_seed} inputs), {@code steps}, {@code cfg}, {@code sampler_name},
 *       {@code scheduler}, {@code denoise}: every node with that literal input, or else every KSampler.</li>
 * </ul>
 * A seed of {@code -1}, given as an override or left in the graph, is replaced by a drawn seed,
 * which is returned so the job can record it.
 */
public final class InputOverrides {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> SEED_INPUTS = Set.of("seed", "noise_seed");

    /** Whether a literal is the "draw a seed" marker this class replaces before the job is queued. */
    public static boolean drawsSeed(String input, JsonNode value) {
        return SEED_INPUTS.contains(input) && value.isIntegralNumber() && value.asLong() == -1;
    }

    private static final Map<String, String> ALIASES = Map.of(
            "cfg_scale", "cfg",
            "sampler", "sampler_name",
            "negative", "negative_prompt",
            "positive", "prompt",
            "positive_prompt", "prompt",
            "noise_seed", "seed");
    private static final Set<String> SEMANTIC = Set.of(
            "prompt",
            "negative_prompt",
            "seed",
            "steps",
            "cfg",
            "sampler_name",
            "scheduler",
            "denoise",
            "width",
            "height",
            "batch_size");

    private final SeedSource seeds;

    public InputOverrides(SeedSource seeds) {
        this.seeds = seeds;
    }

    public OverrideResult apply(Workflow workflow, JsonNode overrides, String field) {
        if (overrides != null && !overrides.isNull() && !overrides.isObject()) {
            throw ValidationException.of(ErrorCodes.INVALID_TYPE, field, "Field '" + field + "' must be an object");
        }
        Workflow result = workflow;
        List<ErrorDetail> problems = new ArrayList<>();
        if (overrides != null && overrides.isObject()) {
            for (Map.Entry<String, JsonNode> entry :
                    expandSamplerAlias(overrides).entrySet()) {
                String key = entry.getKey();
                String where = field + "." + key;
                try {
                    result = key.contains(".") && !ALIASES.containsKey(key) && !SEMANTIC.contains(key)
                            ? applyPath(result, key, entry.getValue(), where)
                            : applySemantic(result, ALIASES.getOrDefault(key, key), entry.getValue(), where);
                } catch (ValidationException e) {
                    problems.addAll(e.details());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(
                    "Cannot apply input_overrides: " + problems.get(0).message(), problems);
        }
        return drawSeeds(result);
    }

    /** A1111-style sampler names such as "DPM++ 2M Karras" carry both a sampler and a scheduler. */
    private static Map<String, JsonNode> expandSamplerAlias(JsonNode overrides) {
        Map<String, JsonNode> expanded = new LinkedHashMap<>();
        overrides.fields().forEachRemaining(e -> expanded.put(e.getKey(), e.getValue()));
        JsonNode sampler = expanded.get("sampler");
        if (sampler != null && sampler.isTextual()) {
            SamplerName.parse(sampler.asText()).ifPresent(parsed -> {
                expanded.remove("sampler");
                expanded.putIfAbsent("sampler_name", NODES.textNode(parsed.sampler()));
                parsed.scheduler().ifPresent(s -> expanded.putIfAbsent("scheduler", NODES.textNode(s)));
            });
        }
        return expanded;
    }

    private static Workflow applyPath(Workflow workflow, String path, JsonNode value, String where) {
        int dot = path.lastIndexOf('.');
        String nodeId = path.substring(0, dot);
        String input = path.substring(dot + 1);
        if (nodeId.isEmpty() || input.isEmpty()) {
            throw ValidationException.of(
                    ErrorCodes.INVALID_OVERRIDE, where, "Override path '" + path + "' must be '<node_id>.<input>'");
        }
        if (workflow.node(nodeId).isEmpty()) {
            throw ValidationException.of(
                    ErrorCodes.UNKNOWN_NODE,
                    where,
                    "Override '" + path + "' names node '" + nodeId + "', which is not in the workflow");
        }
        return workflow.withInput(nodeId, input, value);
    }

    private static Workflow applySemantic(Workflow workflow, String key, JsonNode value, String where) {
        if (!SEMANTIC.contains(key)) {
            throw ValidationException.of(
                    ErrorCodes.UNKNOWN_OVERRIDE,
                    where,
                    "Unknown override '" + key + "'; use one of " + String.join(", ", new TreeSet<>(SEMANTIC))
                            + ", or '<node_id>.<input>'");
        }
        checkType(key, value, where);
        List<String[]> targets = switch (key) {
            case "prompt" -> promptTargets(workflow, "positive");
            case "negative_prompt" -> promptTargets(workflow, "negative");
            case "width", "height", "batch_size" -> sourceTargets(workflow, key);
            case "seed" -> orSamplers(workflow, literalTargets(workflow, SEED_INPUTS), key);
            default -> orSamplers(workflow, literalTargets(workflow, Set.of(key)), key);
        };
        if (targets.isEmpty()) {
            throw ValidationException.of(
                    ErrorCodes.OVERRIDE_NOT_APPLICABLE,
                    where,
                    "No node takes '" + key + "' in this workflow; use an explicit '<node_id>.<input>' override");
        }
        Workflow result = workflow;
        for (String[] target : targets) {
            result = result.withInput(target[0], target[1], value);
        }
        return result;
    }

    private static void checkType(String key, JsonNode value, String where) {
        boolean ok = switch (key) {
            case "prompt", "negative_prompt", "sampler_name", "scheduler" -> value.isTextual();
            case "seed" -> value.isIntegralNumber() && value.asLong() >= -1;
            case "steps", "width", "height", "batch_size" -> value.isIntegralNumber() && value.asLong() >= 1;
            case "cfg" -> value.isNumber() && value.asDouble() >= 0;
            case "denoise" -> value.isNumber() && value.asDouble() >= 0 && value.asDouble() <= 1;
            default -> true;
        };
        if (!ok) {
            String expected = switch (key) {
                case "prompt", "negative_prompt", "sampler_name", "scheduler" -> "a string";
                case "seed" -> "an integer >= 0, or -1 for a random seed";
                case "steps", "width", "height", "batch_size" -> "a positive integer";
                case "denoise" -> "a number between 0 and 1";
                default -> "a non-negative number";
            };
            throw ValidationException.of(ErrorCodes.INVALID_VALUE, where, "Override '" + key + "' must be " + expected);
        }
    }

    /** The text nodes wired into every sampler's positive (or negative) input. */
    private static List<String[]> promptTargets(Workflow workflow, String samplerInput) {
        List<String[]> targets = new ArrayList<>();
        boolean anySampler = false;
        for (String id : workflow.nodeIds()) {
            JsonNode link = workflow.inputs(id).get(samplerInput);
            if (link != null && Workflow.isLink(link) && link.size() == 2) {
                anySampler = true;
                String source = link.get(0).asText();
                JsonNode text = workflow.inputs(source).get("text");
                if (text != null && text.isTextual() && targets.stream().noneMatch(t -> t[0].equals(source))) {
                    targets.add(new String[] {source, "text"});
                }
            }
        }
        if (!anySampler && samplerInput.equals("positive")) {
            List<String[]> textNodes = literalTargets(workflow, Set.of("text"));
            if (textNodes.size() == 1) {
                return textNodes;
            }
        }
        return targets;
    }

    /**
     * When no node carries a sampler setting literally, the samplers themselves take it: ComfyUI's
     * KSampler and KSamplerAdvanced always have these inputs, even if a hand-written graph left one out.
     */
    private static List<String[]> orSamplers(Workflow workflow, List<String[]> found, String key) {
        if (!found.isEmpty()) {
            return found;
        }
        List<String[]> samplers = new ArrayList<>();
        for (String id : workflow.nodeIds()) {
            String type = workflow.classType(id).orElse("");
            if (type.equals("KSampler")) {
                samplers.add(new String[] {id, key});
            } else if (type.equals("KSamplerAdvanced")) {
                samplers.add(new String[] {id, key.equals("seed") ? "noise_seed" : key});
            }
        }
        return samplers;
    }

    private static List<String[]> sourceTargets(Workflow workflow, String input) {
        List<String[]> sources = new ArrayList<>();
        for (String id : workflow.nodeIds()) {
            boolean isSource =
                    workflow.classType(id).map(type -> type.startsWith("Empty")).orElse(false);
            JsonNode value = workflow.inputs(id).get(input);
            if (isSource && value != null && !Workflow.isLink(value)) {
                sources.add(new String[] {id, input});
            }
        }
        return sources.isEmpty() ? literalTargets(workflow, Set.of(input)) : sources;
    }

    private static List<String[]> literalTargets(Workflow workflow, Set<String> inputs) {
        List<String[]> targets = new ArrayList<>();
        for (String id : workflow.nodeIds()) {
            workflow.inputs(id).forEach((name, value) -> {
                if (inputs.contains(name) && !Workflow.isLink(value)) {
                    targets.add(new String[] {id, name});
                }
            });
        }
        return targets;
    }

    /** Replaces every literal seed of -1 with one drawn seed, and reports the seed the run will use. */
    private OverrideResult drawSeeds(Workflow workflow) {
        List<String[]> seedInputs = literalTargets(workflow, SEED_INPUTS);
        Optional<Long> drawn = Optional.empty();
        Workflow result = workflow;
        for (String[] target : seedInputs) {
            JsonNode value = workflow.inputs(target[0]).get(target[1]);
            if (value.isIntegralNumber() && value.asLong() == -1) {
                if (drawn.isEmpty()) {
                    drawn = Optional.of(seeds.draw());
                }
                result = result.withInput(target[0], target[1], NODES.numberNode(drawn.get()));
            }
        }
        if (drawn.isPresent()) {
            return new OverrideResult(result, drawn);
        }
        Optional<Long> existing = seedInputs.stream()
                .map(t -> workflow.inputs(t[0]).get(t[1]))
                .filter(JsonNode::isIntegralNumber)
                .map(JsonNode::asLong)
                .findFirst();
        return new OverrideResult(result, existing);
    }
}
