package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ComfyUI's {@code prompt_worker}: one thread, one prompt at a time. After each prompt it writes the history entry,
 * which broadcasts {@code status}, and only then tells the submitter {@code executing {node: null}}.
 */
final class PromptWorker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PromptWorker.class);

    private final PromptQueue queue;
    private final PromptExecutor executor;
    private final HistoryStore history;
    private final WebSocketHub hub;
    private final ExecutionControl control;
    private final ExecutionCache cache;
    private final ExecutionLog log;
    private final AtomicBoolean freeMemory;

    PromptWorker(
            PromptQueue queue,
            PromptExecutor executor,
            HistoryStore history,
            WebSocketHub hub,
            ExecutionControl control,
            ExecutionCache cache,
            ExecutionLog log,
            AtomicBoolean freeMemory) {
        this.queue = queue;
        this.executor = executor;
        this.history = history;
        this.hub = hub;
        this.control = control;
        this.cache = cache;
        this.log = log;
        this.freeMemory = freeMemory;
    }

    @Override
    public void run() {
        while (!control.killed()) {
            PromptQueue.Task task;
            try {
                task = queue.take();
            } catch (InterruptedException stopped) {
                return;
            }
            if (freeMemory.getAndSet(false)) {
                cache.clear();
            }
            if (!runOne(task)) {
                return;
            }
        }
    }

    /** @return false when the double crashed while the prompt ran */
    private boolean runOne(PromptQueue.Task task) {
        String promptId = task.item().promptId();
        ExecutionReport report;
        try {
            report = executor.execute(task.item());
        } catch (ServerKilled killed) {
            log.promptFinished(promptId, ExecutionLog.Outcome.CRASHED, List.of());
            return false;
        } catch (RuntimeException bug) {
            LOG.error("Unexpected failure while executing prompt {}", promptId, bug);
            report = new ExecutionReport(
                    ExecutionLog.Outcome.ERROR,
                    ComfyUiJson.array(),
                    ComfyUiJson.object(),
                    ComfyUiJson.object(),
                    List.of());
        }
        if (control.killed()) {
            log.promptFinished(promptId, ExecutionLog.Outcome.CRASHED, report.executedNodes());
            return false;
        }
        ExecutionReport done = report;
        queue.finish(task, () -> history.put(promptId, entry(task.item(), done)));
        String clientId = task.item().clientId();
        if (clientId != null) {
            ObjectNode finished = ComfyUiJson.object().putNull("node");
            hub.send("executing", finished.put("prompt_id", promptId), clientId);
        }
        log.promptFinished(promptId, report.outcome(), report.executedNodes());
        return true;
    }

    private static ObjectNode entry(QueueItem item, ExecutionReport report) {
        ObjectNode entry = ComfyUiJson.object();
        entry.set("prompt", item.toJson());
        entry.set("outputs", report.outputs());
        entry.set("status", report.status());
        entry.set("meta", report.meta());
        return entry;
    }
}
