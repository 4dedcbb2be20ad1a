package io.comfyless.core.job;

import io.comfyless.core.queue.QueueDepth;
import java.time.Duration;
import java.util.Map;

/** The queues at a glance: messages per lane and the mean run time estimates are based on. */
public record QueueStatus(Map<Lane, QueueDepth> lanes, Duration meanRunTime) {

    public long waiting() {
        return lanes.values().stream().mapToLong(QueueDepth::waiting).sum();
    }

    public long inFlight() {
        return lanes.values().stream().mapToLong(QueueDepth::inFlight).sum();
    }
}
