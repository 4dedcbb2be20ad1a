package io.comfyless.runner.job;

import io.comfyless.core.queue.Delivery;
import io.comfyless.core.queue.JobQueue;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue messages of finished jobs, deleted together on the runner's next heartbeat: a runner
 * going through many short jobs sends one batch where it would send a delete per job. Nothing depends
 * on the delete being prompt: the job's final state is already written, and its message stays hidden
 * for at least two thirds of its visibility timeout. One not deleted because the process died comes
 * back later and is dropped then, its job being finished.
 */
public final class MessageDeletions {

    private static final Logger log = LoggerFactory.getLogger(MessageDeletions.class);

    private final JobQueue queue;
    private final List<Delivery> due = new ArrayList<>();

    public MessageDeletions(JobQueue queue) {
        this.queue = queue;
    }

    public synchronized void add(Delivery delivery) {
        due.add(delivery);
    }

    /** Deletes every message added so far. */
    public void flush() {
        List<Delivery> batch;
        synchronized (this) {
            if (due.isEmpty()) {
                return;
            }
            batch = List.copyOf(due);
            due.clear();
        }
        try {
            queue.deleteAll(batch);
        } catch (RuntimeException e) {
            // Their jobs are finished: the messages come back once hidden no more, and are dropped then.
            log.warn("Could not delete {} finished jobs' messages: {}", batch.size(), e.toString());
        }
    }
}
