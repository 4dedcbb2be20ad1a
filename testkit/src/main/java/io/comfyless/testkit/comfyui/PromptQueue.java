package io.comfyless.testkit.comfyui;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ComfyUI's {@code PromptQueue}: a min-heap on (number, prompt_id) feeding one worker, the running items, and a
 * {@code status} broadcast after every change. Clearing and deleting touch pending items only.
 */
final class PromptQueue {

    /** An item taken by the worker; the id tells apart two runs of the same prompt id. */
    record Task(long id, QueueItem item) {}

    private final PriorityQueue<QueueItem> pending = new PriorityQueue<>();
    private final Map<Long, QueueItem> running = new LinkedHashMap<>();
    private final AtomicInteger remaining = new AtomicInteger();
    private Runnable onChange = () -> {};
    private long taskCounter;

    /** Called under the queue's lock after each change, so {@code status} messages follow the queue's order. */
    synchronized void onChange(Runnable listener) {
        this.onChange = listener;
    }

    synchronized void put(QueueItem item) {
        pending.add(item);
        changed();
        notifyAll();
    }

    synchronized Task take() throws InterruptedException {
        while (pending.isEmpty()) {
            wait();
        }
        Task task = new Task(taskCounter++, pending.poll());
        running.put(task.id(), task.item());
        changed();
        return task;
    }

    /** {@code task_done}: the history entry is written before the {@code status} that announces the change. */
    synchronized void finish(Task task, Runnable recordHistory) {
        running.remove(task.id());
        recordHistory.run();
        changed();
    }

    /** Pending plus running, readable without the lock so the WebSocket handshake never waits on the queue. */
    int remaining() {
        return remaining.get();
    }

    synchronized List<QueueItem> running() {
        return List.copyOf(running.values());
    }

    /** Pending items in heap order, which is not sorted, as ComfyUI shows them. */
    synchronized List<QueueItem> pending() {
        List<QueueItem> items = new ArrayList<>();
        pending.forEach(items::add);
        return items;
    }

    synchronized boolean isRunning(String promptId) {
        return running.values().stream().anyMatch(item -> item.promptId().equals(promptId));
    }

    synchronized void clear() {
        pending.clear();
        changed();
    }

    synchronized boolean delete(String promptId) {
        for (Iterator<QueueItem> it = pending.iterator(); it.hasNext(); ) {
            if (it.next().promptId().equals(promptId)) {
                it.remove();
                changed();
                return true;
            }
        }
        return false;
    }

    private void changed() {
        remaining.set(pending.size() + running.size());
        onChange.run();
    }
}
