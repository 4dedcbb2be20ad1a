package io.comfyless.runner.job;

import io.comfyless.runner.comfyui.ComfyEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands ComfyUI's WebSocket events to the execution whose prompt they concern. An execution is
 * registered under the prompt id the runner asks for; ComfyUI from before it honoured a client's
 * choice (March 2024) gives the prompt an id of its own, known only from its answer to
 * {@code POST /prompt}, and may send that prompt's first events, or all of them, before the answer
 * arrives. So events for an id nobody holds are kept (a bounded number of ids, oldest dropped) and
 * handed over, in order, when an execution takes that id.
 */
public final class PromptRouter {

    private static final int UNCLAIMED_PROMPTS = 64;
    private static final int EVENTS_PER_PROMPT = 256;

    private final Map<String, JobExecution> byPrompt = new HashMap<>();
    private final Map<String, List<ComfyEvent>> unclaimed = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<ComfyEvent>> eldest) {
            return size() > UNCLAIMED_PROMPTS;
        }
    };

    /** Routes {@code promptId}'s events to {@code execution}, starting with any that came before. */
    public synchronized void register(String promptId, JobExecution execution) {
        byPrompt.put(promptId, execution);
        List<ComfyEvent> early = unclaimed.remove(promptId);
        if (early != null) {
            early.forEach(execution.tracker()::accept);
        }
    }

    public synchronized void remove(JobExecution execution) {
        byPrompt.values().removeIf(registered -> registered == execution);
    }

    /** Called for every event, in the order the WebSocket delivered them. */
    public synchronized void dispatch(ComfyEvent event) {
        String promptId = event.promptId();
        if (promptId == null) {
            return;
        }
        JobExecution execution = byPrompt.get(promptId);
        if (execution != null) {
            execution.tracker().accept(event);
            return;
        }
        List<ComfyEvent> early = unclaimed.computeIfAbsent(promptId, id -> new ArrayList<>());
        if (early.size() < EVENTS_PER_PROMPT) {
            early.add(event);
        }
    }
}
