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

    /** The priority {@code low}, {@code normal} or {@code high} names: 2, 5 or 8 on the 0-10 scale. */
    public int representativePriority() {
        return switch (this) {
            case HIGH -> Priority.HIGH.value();
            case NORMAL -> Priority.NORMAL.value();
            case LOW -> Priority.LOW.value();
        };
    }

    public static List<Lane> pollingOrder() {
        return List.of(HIGH, NORMAL, LOW);
    }
}
