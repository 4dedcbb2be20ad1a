package io.comfyless.core.webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to one received webhook message, whoever received it (the Lambda's SQS event
 * source or the local pump). Delivered: done. Failed with attempts left: hidden on the queue for
 * the backoff delay ({@code base * 2^(attempt-1)}) and reported as a failure, so it comes back.
 * Failed on the last attempt, refused, or unreadable: parked on the dead-letter queue and done.
 * The attempt number is the queue's receive count, so it survives crashes of the consumer.
 */
public final class WebhookConsumer {

    private static final Logger log = LoggerFactory.getLogger(WebhookConsumer.class);

    /** What the receiver of the message must do with it. */
    public enum Disposition {
        /** Delete it (the Lambda event source does so for every message not reported as failed). */
        DONE,
        /** Leave it on the queue; its visibility has been set to the backoff delay. */
        RETRY
    }

    private final WebhookDispatcher dispatcher;
    private final WebhookQueue queue;
    private final WebhookPolicy policy;

    public WebhookConsumer(WebhookDispatcher dispatcher, WebhookQueue queue, WebhookPolicy policy) {
        this.dispatcher = dispatcher;
        this.queue = queue;
        this.policy = policy;
    }

    public Disposition consume(ReceivedWebhook received) {
        WebhookMessage message;
        try {
            message = WebhookMessage.fromJson(received.body());
        } catch (RuntimeException unreadable) {
            log.error(
                    "Unreadable webhook message {} parked on the dead-letter queue: {}",
                    received.messageId(),
                    unreadable.toString());
            queue.deadLetter(received.body());
            return Disposition.DONE;
        }
        int attempt = Math.max(received.receiveCount(), 1);
        DeliveryResult result = dispatcher.deliver(message, attempt);
        switch (result.outcome()) {
            case DELIVERED:
                log.info(
                        "Webhook {} {} for {} delivered on attempt {}",
                        message.eventId(),
                        message.eventType(),
                        message.jobId(),
                        attempt);
                return Disposition.DONE;
            case REFUSED:
                log.warn(
                        "Webhook {} for {} refused and dropped: {}",
                        message.eventId(),
                        message.jobId(),
                        result.detail());
                queue.deadLetter(received.body());
                return Disposition.DONE;
            default:
                if (attempt >= policy.maxAttempts()) {
                    log.warn(
                            "Webhook {} for {} failed {} times ({}); parked on the dead-letter queue",
                            message.eventId(),
                            message.jobId(),
                            attempt,
                            result.detail());
                    queue.deadLetter(received.body());
                    return Disposition.DONE;
                }
                log.info(
                        "Webhook {} for {} failed on attempt {} ({}); retrying in {}",
                        message.eventId(),
                        message.jobId(),
                        attempt,
                        result.detail(),
                        policy.retryDelay(attempt));
                queue.retryAfter(received.receiptHandle(), policy.retryDelay(attempt));
                return Disposition.RETRY;
        }
    }
}
