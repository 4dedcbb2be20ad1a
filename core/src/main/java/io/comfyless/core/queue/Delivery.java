package io.comfyless.core.queue;

import io.comfyless.core.job.Lane;
import java.util.Optional;

/**
 * A received message and the handle needed to delete, extend or release it. {@link #message()} is
 * empty for a body that cannot be read (a poison message), which is left for the dead-letter queue.
 */
public record Delivery(
        Optional<QueueMessage> message,
        Lane lane,
        String receiptHandle,
        String messageId,
        int receiveCount,
        String body) {}
