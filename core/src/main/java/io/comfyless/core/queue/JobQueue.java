package io.comfyless.core.queue;

import io.comfyless.core.job.Lane;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The priority lanes jobs wait on. At-least-once: a message may arrive twice; consumers dedupe. */
public interface JobQueue {

    void send(Lane lane, QueueMessage message);

    /**
     * Sends a copy of a delivered message that becomes visible after {@code delay}, then deletes
     * the delivered one: the job waits without its message counting another receive towards the
     * dead-letter queue. A crash between the two leaves a duplicate, which consumers drop.
     */
    void postpone(Delivery delivery, Duration delay);

    /** Sends many messages in as few calls as the queue allows. */
    void sendAll(Lane lane, List<QueueMessage> messages);

    /** Long-polls one lane for up to {@code wait}; received messages stay hidden for {@code visibility}. */
    List<Delivery> receive(Lane lane, int max, Duration wait, Duration visibility);

    void delete(Delivery delivery);

    /** Keeps a message hidden for another {@code visibility}, counted from now. */
    void extend(Delivery delivery, Duration visibility);

    /** Makes a message visible again at once, for another runner to take. */
    void release(Delivery delivery);

    Map<Lane, QueueDepth> depth();
}
