package io.comfyless.core.webhook;

import java.time.Duration;
import java.util.List;

/**
 * The queue webhook events wait on between the transition that caused them and their delivery.
 * Retries are the queue's: a failed message stays on it, hidden for the backoff delay.
 */
public interface WebhookQueue {

    void send(WebhookMessage message);

    /** Many messages in as few calls as the queue allows. */
    void sendAll(List<WebhookMessage> messages);

    /** Long-polls for up to {@code wait}; for consumers that poll (the local pump). */
    List<ReceivedWebhook> receive(int max, Duration wait);

    void delete(String receiptHandle);

    /** Keeps the message hidden for {@code delay} from now, after which it is received again. */
    void retryAfter(String receiptHandle, Duration delay);

    /** Parks a message that will never be delivered where operators can see it (the dead-letter queue). */
    void deadLetter(String body);
}
