package io.comfyless.core.webhook;

import java.util.List;
import java.util.Optional;

/** Tenants' subscriptions to events about the stack; at most one per tenant. */
public interface WebhookSubscriptions {

    void put(WebhookSubscription subscription);

    Optional<WebhookSubscription> find(String tenant);

    /** @return whether there was one */
    boolean delete(String tenant);

    /** Every subscription that asked for {@code type}. */
    List<WebhookSubscription> subscribedTo(SystemEventType type);
}
