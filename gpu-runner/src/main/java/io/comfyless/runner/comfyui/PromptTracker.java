package io.comfyless.runner.comfyui;

import io.comfyless.core.job.EtaEstimator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Follows one prompt through ComfyUI's WebSocket messages: when it starts executing, which node
 * runs, how far along it is, and how it ends. The outcome completes on {@code executing null},
 * the moment ComfyUI has written the prompt's history.
 */
public final class PromptTracker {

    /**
     * A snapshot of where the prompt is, with the times an estimate of what is left needs.
     *
     * @param startedAt     when ComfyUI began executing the prompt
     * @param nodeStartedAt when the current node began
     * @param stepAt        when the current node reported {@code step}; null before its first step
     * @param cachedNodes   nodes served from ComfyUI's cache, which took no time
     */
    public record Snapshot(
            String currentNode,
            Long step,
            Long totalSteps,
            int doneNodes,
            int totalNodes,
            double percentage,
            Instant startedAt,
            Instant nodeStartedAt,
            Instant stepAt,
            int cachedNodes) {

        /** What {@link EtaEstimator} needs, with the workflow's usual run time when known. */
        public EtaEstimator.Observation observation(Optional<Duration> typical) {
            return new EtaEstimator.Observation(
                    startedAt,
                    totalNodes,
                    doneNodes,
                    cachedNodes,
                    nodeStartedAt,
                    step == null ? 0 : step,
                    totalSteps == null ? 0 : totalSteps,
                    stepAt,
                    typical);
        }
    }

    private final String promptId;
    private final int totalNodes;
    private final Clock clock;
    private final Consumer<Snapshot> onProgress;
    private final CompletableFuture<Instant> started = new CompletableFuture<>();
    private final CompletableFuture<PromptOutcome> outcome = new CompletableFuture<>();
    private final Set<String> doneNodes = new HashSet<>();
    private String currentNode;
    private long step;
    private long steps;
    private Instant nodeStartedAt;
    private Instant stepAt;
    private int cachedNodes;
    private PromptOutcome terminal;
    private volatile long lastEventNanos = System.nanoTime();

    /**
     * @param clock the runner's clock: the start time is compared with it for timeouts and drains
     */
    public PromptTracker(String promptId, int totalNodes, Clock clock, Consumer<Snapshot> onProgress) {
        this.promptId = promptId;
        this.totalNodes = Math.max(1, totalNodes);
        this.clock = clock;
        this.onProgress = onProgress;
    }

    /** Completes when ComfyUI starts executing the prompt (it may wait in ComfyUI's queue first). */
    public CompletableFuture<Instant> started() {
        return started;
    }

    public CompletableFuture<PromptOutcome> outcome() {
        return outcome;
    }

    /** How long since ComfyUI last said anything about this prompt. */
    public Duration silence() {
        return Duration.ofNanos(System.nanoTime() - lastEventNanos);
    }

    public synchronized void accept(ComfyEvent event) {
        lastEventNanos = System.nanoTime();
        if (event instanceof ComfyEvent.ExecutionStart) {
            started.complete(clock.instant());
        } else if (event instanceof ComfyEvent.ExecutionCached cached) {
            started.complete(clock.instant());
            doneNodes.addAll(cached.nodes());
            cachedNodes = cached.nodes().size();
            report();
        } else if (event instanceof ComfyEvent.Executing executing) {
            started.complete(clock.instant());
            if (executing.node() == null) {
                outcome.complete(terminal == null ? new PromptOutcome.Succeeded() : terminal);
                return;
            }
            if (currentNode != null) {
                doneNodes.add(currentNode);
            }
            currentNode = executing.node();
            nodeStartedAt = clock.instant();
            step = 0;
            steps = 0;
            stepAt = null;
            report();
        } else if (event instanceof ComfyEvent.Progress progress) {
            currentNode = progress.node() == null ? currentNode : progress.node();
            step = progress.value();
            steps = progress.max();
            stepAt = clock.instant();
            report();
        } else if (event instanceof ComfyEvent.Executed executed) {
            doneNodes.add(executed.node());
            report();
        } else if (event instanceof ComfyEvent.ExecutionSuccess) {
            terminal = new PromptOutcome.Succeeded();
        } else if (event instanceof ComfyEvent.ExecutionError error) {
            terminal = new PromptOutcome.Failed(
                    error.nodeId(), error.nodeType(), error.exceptionType(), error.exceptionMessage());
        } else if (event instanceof ComfyEvent.ExecutionInterrupted interrupted) {
            terminal = new PromptOutcome.Interrupted(interrupted.nodeId(), interrupted.nodeType());
        }
    }

    /** Ends the prompt from its history entry, when the WebSocket missed the end (reconnects). */
    public synchronized void finishFromHistory(PromptOutcome fromHistory) {
        started.complete(clock.instant());
        outcome.complete(fromHistory);
    }

    private void report() {
        double within =
                steps > 0 && currentNode != null && !doneNodes.contains(currentNode) ? (double) step / steps : 0;
        double percentage = Math.min(100.0, 100.0 * (doneNodes.size() + within) / totalNodes);
        onProgress.accept(new Snapshot(
                currentNode,
                steps > 0 ? step : null,
                steps > 0 ? steps : null,
                doneNodes.size(),
                totalNodes,
                Math.round(percentage * 10) / 10.0,
                started.getNow(clock.instant()),
                nodeStartedAt,
                stepAt,
                cachedNodes));
    }
}
