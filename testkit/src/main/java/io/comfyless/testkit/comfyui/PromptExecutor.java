package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one prompt like ComfyUI's {@code PromptExecutor.execute}: {@code execution_start}, {@code execution_cached},
 * then per node {@code progress_state}, {@code executing}, {@code progress}…, {@code executed}, {@code progress_state},
 * and {@code execution_success}, {@code execution_error} or {@code execution_interrupted}. Faults are applied here.
 */
final class PromptExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(PromptExecutor.class);

    private final NodeLibrary library;
    private final ExecutionCache cache;
    private final WebSocketHub hub;
    private final ExecutionControl control;
    private final ComfyUiOutputFiles files;
    private final Faults faults;
    private final ExecutionLog log;
    private final Runnable crash;

    PromptExecutor(
            NodeLibrary library,
            ExecutionCache cache,
            WebSocketHub hub,
            ExecutionControl control,
            ComfyUiOutputFiles files,
            Faults faults,
            ExecutionLog log,
            Runnable crash) {
        this.library = library;
        this.cache = cache;
        this.hub = hub;
        this.control = control;
        this.files = files;
        this.faults = faults;
        this.log = log;
        this.crash = crash;
    }

    /** Per-prompt state: where messages go, which nodes ran, and the outputs of this run. */
    private final class Run {
        final QueueItem item;
        final ExecutionMessages messages;
        final ProgressRegistry progress;
        final Set<String> executed = new LinkedHashSet<>();
        final Map<String, List<Object>> results = new HashMap<>();

        Run(QueueItem item) {
            this.item = item;
            this.messages = new ExecutionMessages(hub, item.clientId());
            this.progress = new ProgressRegistry(item.promptId(), messages);
        }

        ObjectNode data() {
            return ComfyUiJson.object().put("prompt_id", item.promptId());
        }
    }

    /** @throws ServerKilled when the double crashes meanwhile; nothing is to be recorded then */
    ExecutionReport execute(QueueItem item) {
        control.clearInterrupt();
        Run run = new Run(item);
        hub.promptStarted(item.clientId());
        log.promptStarted(item.promptId());
        run.messages.record("execution_start", run.data(), false);
        cache.prepare(item.prompt(), library);
        List<String> cached = new ArrayList<>();
        item.prompt().fieldNames().forEachRemaining(id -> cache.outputs(id).ifPresent(hit -> cached.add(id)));
        ObjectNode cachedData = ComfyUiJson.object();
        cachedData.set("nodes", ComfyUiJson.strings(cached));
        run.messages.record("execution_cached", cachedData.put("prompt_id", item.promptId()), false);
        ExecutionLog.Outcome outcome = runNodes(run, executionOrder(item, Set.copyOf(cached)));
        if (outcome == ExecutionLog.Outcome.SUCCESS) {
            run.messages.record("execution_success", run.data(), false);
        }
        hub.nodeStarted(null);
        return report(run, outcome);
    }

    private ExecutionLog.Outcome runNodes(Run run, List<String> order) {
        for (String nodeId : order) {
            try {
                runNode(run, nodeId);
            } catch (ExecutionInterrupted interrupted) {
                LOG.info("Processing interrupted");
                ObjectNode data = failureData(run, nodeId);
                run.messages.record("execution_interrupted", data, true);
                return ExecutionLog.Outcome.INTERRUPTED;
            } catch (PythonError error) {
                run.messages.record("execution_error", errorData(run, nodeId, error), false);
                return ExecutionLog.Outcome.ERROR;
            }
        }
        return ExecutionLog.Outcome.SUCCESS;
    }

    private void runNode(Run run, String nodeId) {
        JsonNode node = run.item.prompt().get(nodeId);
        String classType = node.get("class_type").asText();
        List<Object> hit = cache.outputs(nodeId).orElse(null);
        if (hit != null) {
            ObjectNode executed = nodeData(nodeId);
            executed.set("output", cache.ui(nodeId).map(ui -> ui.get("output")).orElse(null));
            run.messages.toSubmitter("executed", executed.put("prompt_id", run.item.promptId()));
            run.progress.finish(nodeId);
            run.results.put(nodeId, hit);
            return;
        }
        run.progress.start(nodeId);
        Map<String, Object> inputs = resolveInputs(run, node);
        hub.nodeStarted(nodeId);
        run.messages.toSubmitter("executing", nodeData(nodeId).put("prompt_id", run.item.promptId()));
        control.check();
        NodeOutput output = invoke(run, nodeId, classType, inputs);
        if (output.hasUi()) {
            ObjectNode meta = ComfyUiJson.object().put("node_id", nodeId).put("display_node", nodeId);
            meta.putNull("parent_node");
            meta.put("real_node_id", nodeId);
            ObjectNode ui = ComfyUiJson.object();
            ui.set("meta", meta);
            ui.set("output", output.ui());
            cache.putUi(nodeId, ui);
            ObjectNode executed = nodeData(nodeId);
            executed.set("output", output.ui());
            run.messages.toSubmitter("executed", executed.put("prompt_id", run.item.promptId()));
        }
        cache.putOutputs(nodeId, output.values());
        run.results.put(nodeId, output.values());
        run.progress.finish(nodeId);
        run.executed.add(nodeId);
    }

    private NodeOutput invoke(Run run, String nodeId, String classType, Map<String, Object> inputs) {
        Faults.Plan plan = faults.planFor(nodeId, classType);
        if (plan.crash()) {
            crash.run();
            throw new ServerKilled();
        }
        if (plan.dropWebSockets()) {
            hub.dropAll();
        }
        log.nodeRan(run.item.promptId(), nodeId, classType);
        NodeContext context = new NodeContext(
                nodeId,
                inputs,
                run.item.prompt(),
                run.item.extraData(),
                files,
                (value, max, preview) -> reportProgress(run, nodeId, value, max, preview));
        control.busy(plan.delay());
        if (plan.sampling() != null) {
            Faults.Sampling sampling = plan.sampling();
            for (int step = 1; step <= sampling.steps(); step++) {
                control.pause(sampling.perStep());
                context.progress(step, sampling.steps(), SamplerPreview.at(step, sampling.steps()));
            }
        }
        if (plan.failure() != null) {
            throw plan.failure();
        }
        ComfyNode type = library.find(classType).orElseThrow();
        try {
            return type.execute(context);
        } catch (PythonError | ExecutionInterrupted | ServerKilled expected) {
            throw expected;
        } catch (IOException e) {
            throw new PythonError(
                    "OSError",
                    String.valueOf(e.getMessage()),
                    Tracebacks.raisedIn(classType, "OSError", e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("Node {} ({}) failed", nodeId, classType, e);
            throw new PythonError(
                    "RuntimeError", String.valueOf(e), Tracebacks.raisedIn(classType, "RuntimeError", e.toString()));
        }
    }

    /** ComfyUI's progress hook: interrupt check, {@code progress_state}, {@code progress}, then maybe a preview. */
    private void reportProgress(Run run, String nodeId, long value, long max, BufferedImage preview) {
        control.check();
        run.progress.update(nodeId, value, max);
        ObjectNode progress = ComfyUiJson.object()
                .put("value", value)
                .put("max", max)
                .put("prompt_id", run.item.promptId())
                .put("node", nodeId);
        run.messages.toSubmitterOrEveryone("progress", progress);
        log.progressSent(run.item.promptId(), nodeId, value, max);
        if (preview != null) {
            ObjectNode metadata = ComfyUiJson.object()
                    .put("node_id", nodeId)
                    .put("prompt_id", run.item.promptId())
                    .put("display_node_id", nodeId);
            metadata.putNull("parent_node_id");
            run.messages.preview(preview, metadata.put("real_node_id", nodeId));
        }
    }

    private Map<String, Object> resolveInputs(Run run, JsonNode node) {
        ComfyNode type = library.find(node.get("class_type").asText()).orElseThrow();
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (InputSpec spec : type.schema().required()) {
            JsonNode value = node.get("inputs").get(spec.name());
            if (value != null && value.isArray() && value.size() == 2) {
                List<Object> source = run.results.computeIfAbsent(
                        value.get(0).asText(), id -> cache.outputs(id).orElse(null));
                int slot = value.get(1).asInt();
                inputs.put(spec.name(), source == null ? null : source.get(slot < 0 ? slot + source.size() : slot));
            } else if (value != null) {
                inputs.put(spec.name(), value);
            }
        }
        return inputs;
    }

    /**
     * The nodes to run, dependencies first: each output node, and every node it needs whose output is not cached.
     * Cached output nodes stay in the list; they only report {@code executed} with their old UI output.
     */
    private static List<String> executionOrder(QueueItem item, Set<String> cached) {
        List<String> order = new ArrayList<>();
        Set<String> visited = new LinkedHashSet<>();
        for (String output : item.outputs()) {
            visit(item.prompt(), output, cached, visited, order);
        }
        return order;
    }

    private static void visit(
            ObjectNode prompt, String id, Set<String> cached, Set<String> visited, List<String> order) {
        if (!visited.add(id)) {
            return;
        }
        for (Iterator<JsonNode> it = prompt.get(id).path("inputs").elements(); it.hasNext(); ) {
            JsonNode value = it.next();
            if (value.isArray()
                    && value.size() == 2
                    && !cached.contains(value.get(0).asText())) {
                visit(prompt, value.get(0).asText(), cached, visited, order);
            }
        }
        order.add(id);
    }

    private static ObjectNode nodeData(String nodeId) {
        return ComfyUiJson.object().put("node", nodeId).put("display_node", nodeId);
    }

    private ObjectNode failureData(Run run, String nodeId) {
        ObjectNode data = run.data()
                .put("node_id", nodeId)
                .put(
                        "node_type",
                        run.item.prompt().get(nodeId).get("class_type").asText());
        data.set("executed", ComfyUiJson.strings(run.executed));
        return data;
    }

    private ObjectNode errorData(Run run, String nodeId, PythonError error) {
        ObjectNode data = failureData(run, nodeId);
        // ComfyUI formats "{ex}\n{tips}" with empty tips, hence the trailing newline.
        data.put("exception_message", error.text() + "\n");
        data.put("exception_type", error.pythonType());
        data.set("traceback", ComfyUiJson.strings(error.traceback()));
        data.set("current_inputs", currentInputs(run, nodeId));
        List<String> allNodes = new ArrayList<>();
        run.item.prompt().fieldNames().forEachRemaining(allNodes::add);
        data.set("current_outputs", ComfyUiJson.strings(allNodes));
        return data;
    }

    private ObjectNode currentInputs(Run run, String nodeId) {
        ObjectNode formatted = ComfyUiJson.object();
        resolveInputs(run, run.item.prompt().get(nodeId)).forEach((name, value) -> {
            ArrayNode entry = ComfyUiJson.array();
            if (value instanceof JsonNode json) {
                entry.add(
                        json.isContainerNode()
                                ? ComfyUiJson.MAPPER.getNodeFactory().textNode(PythonText.str(json))
                                : json);
            } else if (value instanceof List<?> batch) {
                entry.add(Images.describe(batch));
            } else {
                entry.addNull();
            }
            formatted.set(name, entry);
        });
        return formatted;
    }

    private ExecutionReport report(Run run, ExecutionLog.Outcome outcome) {
        ObjectNode outputs = ComfyUiJson.object();
        ObjectNode meta = ComfyUiJson.object();
        run.item
                .prompt()
                .fieldNames()
                .forEachRemaining(id -> cache.ui(id).ifPresent(ui -> {
                    outputs.set(id, ui.get("output"));
                    meta.set(id, ui.get("meta"));
                }));
        return new ExecutionReport(outcome, run.messages.statusMessages(), outputs, meta, List.copyOf(run.executed));
    }
}
