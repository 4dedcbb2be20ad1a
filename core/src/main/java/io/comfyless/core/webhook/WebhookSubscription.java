package io.comfyless.core.webhook;

import java.time.Instant;
import java.util.Set;

/** Where a tenant receives the events about the stack it asked for. */
public record WebhookSubscription(String tenant, String url, Set<SystemEventType> events, Instant updatedAt) {

    public WebhookSubscription {
        events = Set.copyOf(events);
    }
}
