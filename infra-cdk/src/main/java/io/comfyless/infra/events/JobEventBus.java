package io.comfyless.infra.events;

import io.comfyless.contract.Events;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.IEventBus;
import software.constructs.Construct;

/**
 * The custom EventBridge bus that carries {@value Events#JOB_STATE_CHANGE} events, for users' own
 * rules. The stack puts no rule of its own on it: the runtime enqueues webhook deliveries itself
 * (receiver, event and event id) on the webhooks queue, and a raw event copied there would be
 * unreadable to the webhook function and end in its dead-letter queue.
 */
public final class JobEventBus extends Construct {

    private final EventBus bus;

    public JobEventBus(Construct scope, String id) {
        super(scope, id);
        bus = EventBus.Builder.create(this, Events.BUS_LOGICAL_ID).build();
    }

    public IEventBus bus() {
        return bus;
    }
}
