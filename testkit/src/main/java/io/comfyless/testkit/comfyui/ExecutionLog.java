package io.comfyless.testkit.comfyui;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the double really did, for assertions such as "ran exactly once": prompts taken off the queue, nodes actually
 * executed (cache hits are not), and how each prompt ended. Kept across {@link ComfyUiDouble#restart()}.
 */
public final class ExecutionLog {

    /** How a prompt's execution ended. */
    public enum Outcome {
        SUCCESS,
        ERROR,
        INTERRUPTED,
        CRASHED
    }

    /** A node that really executed (not served from the cache). */
    public record NodeRun(String promptId, String nodeId, String classType) {}

    /** A prompt that finished executing, and the ids of the nodes that ran for it. */
    public record PromptRun(String promptId, Outcome outcome, List<String> executedNodes) {
        public PromptRun {
            executedNodes = List.copyOf(executedNodes);
        }
    }

    /** A {@code progress} message as the double sent it, with when ({@link System#nanoTime()}), for latency measurements. */
    public record ProgressSent(String promptId, String nodeId, long value, long max, long sentNanos) {}

    private final List<String> started = new CopyOnWriteArrayList<>();
    private final List<ProgressSent> progress = new CopyOnWriteArrayList<>();
    private final List<NodeRun> nodeRuns = new CopyOnWriteArrayList<>();
    private final List<PromptRun> finished = new CopyOnWriteArrayList<>();

    ExecutionLog() {}

    /** Prompt ids in the order execution started ({@code execution_start}); a prompt run twice appears twice. */
    public List<String> startedPromptIds() {
        return List.copyOf(started);
    }

    /** How many times execution of this prompt id started. */
    public int timesStarted(String promptId) {
        return (int) started.stream().filter(promptId::equals).count();
    }

    /** Every prompt execution that started, across restarts. */
    public int executionCount() {
        return started.size();
    }

    /** Nodes that really executed, in order. */
    public List<NodeRun> nodeRuns() {
        return List.copyOf(nodeRuns);
    }

    public List<NodeRun> nodeRuns(String promptId) {
        return nodeRuns.stream().filter(run -> run.promptId().equals(promptId)).toList();
    }

    /** Prompts whose execution ended, in order; written after their history entry. */
    public List<PromptRun> finished() {
        return List.copyOf(finished);
    }

    /** The latest finished run of this prompt id. */
    public Optional<PromptRun> finished(String promptId) {
        List<PromptRun> runs =
                finished.stream().filter(run -> run.promptId().equals(promptId)).toList();
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1));
    }

    /** Every {@code progress} message sent, in order. */
    public List<ProgressSent> progressSent() {
        return List.copyOf(progress);
    }

    public void clear() {
        started.clear();
        progress.clear();
        nodeRuns.clear();
        finished.clear();
    }

    void promptStarted(String promptId) {
        started.add(promptId);
    }

    void nodeRan(String promptId, String nodeId, String classType) {
        nodeRuns.add(new NodeRun(promptId, nodeId, classType));
    }

    void progressSent(String promptId, String nodeId, long value, long max) {
        progress.add(new ProgressSent(promptId, nodeId, value, max, System.nanoTime()));
    }

    void promptFinished(String promptId, Outcome outcome, List<String> executedNodes) {
        finished.add(new PromptRun(promptId, outcome, executedNodes));
    }
}
