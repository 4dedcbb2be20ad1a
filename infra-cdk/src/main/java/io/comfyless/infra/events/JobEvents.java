package io.comfyless.infra.events;

import io.comfyless.contract.Events;
import java.util.List;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The custom EventBridge bus that carries {@value Events#JOB_STATE_CHANGE} events, and the rule that
 * copies them onto the webhooks queue, from which the webhook function delivers them with retries.
 * Clients may subscribe their own rules to the bus.
 */
public final class JobEvents extends Construct {

    private final EventBus bus;

    public JobEvents(Construct scope, String id, IQueue webhooks, IQueue webhooksDeadLetters) {
        super(scope, id);
        bus = EventBus.Builder.create(this, Events.BUS_LOGICAL_ID).build();
        Rule.Builder.create(this, "StateChangesToWebhooks")
                .description("Job state changes to the webhook delivery queue")
                .eventBus(bus)
                .eventPattern(EventPattern.builder()
                        .source(List.of(Events.SOURCE))
                        .detailType(List.of(Events.JOB_STATE_CHANGE))
                        .build())
                .targets(List.of(SqsQueue.Builder.create(webhooks)
                        // Events EventBridge cannot hand to SQS land beside the ones the function gave up on.
                        .deadLetterQueue(webhooksDeadLetters)
                        .build()))
                .build();
    }

    public IEventBus bus() {
        return bus;
    }
}
