package io.comfyless.core.job;

import io.comfyless.contract.Queue;
import java.util.List;

/**
 * The three priority queues. Runners poll them in {@link #pollingOrder()}; a job's lane follows
 * from its priority.
 */
public enum Lane {
    HIGH(Queue.JOBS_HIGH),
    NORMAL(Queue.JOBS_NORMAL),
    LOW(Queue.JOBS_LOW);

    private final Queue queue;

    Lane(Queue queue) {
        this.queue = queue;
    }

    public Queue queue() {
        return queue;
    }

    public static List<Lane> pollingOrder() {
        return List.of(HIGH, NORMAL, LOW);
    }
}
