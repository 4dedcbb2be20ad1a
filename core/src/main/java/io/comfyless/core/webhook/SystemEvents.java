package io.comfyless.core.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an event about the stack to every tenant subscribed to its type, through the webhooks queue
 * (signed with each tenant's secret, retried like job events). Best effort, like every other
 * event: the change it reports has already happened and stands whether or not it is told.
 */
public final class SystemEvents {

    private static final Logger log = LoggerFactory.getLogger(SystemEvents.class);

    private final WebhookSubscriptions subscriptions;
    private final WebhookQueue queue;
    private final Clock clock;

    public SystemEvents(WebhookSubscriptions subscriptions, WebhookQueue queue, Clock clock) {
        this.subscriptions = subscriptions;
        this.queue = queue;
        this.clock = clock;
    }

    /** @return how many subscribers it was queued for */
    public int publish(SystemEventType type, ObjectNode data) {
        try {
            Instant now = clock.instant();
            String eventId =
                    "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
            List<WebhookMessage> messages = subscriptions.subscribedTo(type).stream()
                    .map(subscription -> new WebhookMessage(
                            subscription.tenant(), null, subscription.url(), eventId, type.wire(), null, now, data))
                    .toList();
            if (!messages.isEmpty()) {
                queue.sendAll(messages);
            }
            return messages.size();
        } catch (RuntimeException e) {
            log.warn("Could not send the {} event: {}", type.wire(), e.toString());
            return 0;
        }
    }
}
