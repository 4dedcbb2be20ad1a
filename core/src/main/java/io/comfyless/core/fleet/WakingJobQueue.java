package io.comfyless.core.fleet;

import io.comfyless.core.job.Lane;
import io.comfyless.core.queue.Delivery;
import io.comfyless.core.queue.JobQueue;
import io.comfyless.core.queue.QueueDepth;
import io.comfyless.core.queue.QueueMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The job queue as submitters (API, batch, schedules) use it: after a job message is sent, the
 * {@link FleetWaker} makes sure a runner is on its way. Runners and the reaper use the plain queue.
 */
public final class WakingJobQueue implements JobQueue {

    private final JobQueue queue;
    private final FleetWaker waker;

    public WakingJobQueue(JobQueue queue, FleetWaker waker) {
        this.queue = queue;
        this.waker = waker;
    }

    @Override
    public void send(Lane lane, QueueMessage message) {
        queue.send(lane, message);
        waker.jobQueued();
    }

    @Override
    public void sendAll(Lane lane, List<QueueMessage> messages) {
        queue.sendAll(lane, messages);
        if (!messages.isEmpty()) {
            waker.jobQueued();
        }
    }

    @Override
    public List<Delivery> receive(Lane lane, int max, Duration wait, Duration visibility) {
        return queue.receive(lane, max, wait, visibility);
    }

    @Override
    public void delete(Delivery delivery) {
        queue.delete(delivery);
    }

    @Override
    public void deleteAll(List<Delivery> deliveries) {
        queue.deleteAll(deliveries);
    }

    @Override
    public void extend(Delivery delivery, Duration visibility) {
        queue.extend(delivery, visibility);
    }

    @Override
    public void release(Delivery delivery) {
        queue.release(delivery);
    }

    @Override
    public void postpone(Delivery delivery, Duration delay) {
        queue.postpone(delivery, delay);
    }

    @Override
    public Map<Lane, QueueDepth> depth() {
        return queue.depth();
    }
}
