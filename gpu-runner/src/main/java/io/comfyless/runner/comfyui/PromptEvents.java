package io.comfyless.runner.comfyui;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Routes ComfyUI's WebSocket messages to whoever follows the prompt they name. A message can arrive before anyone
 * follows its prompt: an older ComfyUI chooses the prompt id itself, and its first messages may beat the answer to
 * {@code POST /prompt} that tells the id. Such messages are held (a few prompts' worth, the newest kept) and handed
 * over when the prompt is followed.
 */
public final class PromptEvents implements Consumer<ComfyEvent> {

    static final int HELD_PROMPTS = 16;
    static final int HELD_PER_PROMPT = 256;

    private final Map<String, Consumer<ComfyEvent>> followers = new LinkedHashMap<>();
    private final Map<String, Deque<ComfyEvent>> held = new LinkedHashMap<>();

    /** Sends {@code promptId}'s messages to {@code follower} from now on, starting with those held for it. */
    public void follow(String promptId, Consumer<ComfyEvent> follower) {
        List<ComfyEvent> backlog;
        synchronized (this) {
            followers.put(promptId, follower);
            Deque<ComfyEvent> waiting = held.remove(promptId);
            backlog = waiting == null ? List.of() : new ArrayList<>(waiting);
        }
        backlog.forEach(follower);
    }

    /** Stops routing {@code promptId}'s messages; later ones are dropped. */
    public synchronized void forget(String promptId) {
        followers.remove(promptId);
        held.remove(promptId);
    }

    @Override
    public void accept(ComfyEvent event) {
        String promptId = event.promptId();
        if (promptId == null) {
            return;
        }
        Consumer<ComfyEvent> follower;
        synchronized (this) {
            follower = followers.get(promptId);
            if (follower == null) {
                hold(promptId, event);
                return;
            }
        }
        follower.accept(event);
    }

    private void hold(String promptId, ComfyEvent event) {
        Deque<ComfyEvent> waiting = held.computeIfAbsent(promptId, id -> new ArrayDeque<>());
        if (waiting.size() < HELD_PER_PROMPT) {
            waiting.add(event);
        }
        // Messages of prompts nobody will follow (another client's, a lost job's) must not pile up.
        Iterator<String> oldest = held.keySet().iterator();
        while (held.size() > HELD_PROMPTS && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }
}
