package io.comfyless.infra.queue;

import io.comfyless.contract.Queue;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * One SQS queue per contract {@link Queue}, with the contract's visibility timeout, retention and
 * dead-letter redrive. Dead-letter queues are created first so their sources can point at them.
 */
public final class Queues extends Construct {

    /** The three priority lanes runners drain, highest first. */
    public static final List<Queue> JOB_QUEUES = List.of(Queue.JOBS_HIGH, Queue.JOBS_NORMAL, Queue.JOBS_LOW);

    private final Map<Queue, IQueue> queues = new EnumMap<>(Queue.class);

    public Queues(Construct scope, String id, RemovalPolicy removalPolicy) {
        super(scope, id);
        List.of(Queue.values()).stream()
                .filter(Queue::isDeadLetterQueue)
                .forEach(spec -> queues.put(spec, create(spec, removalPolicy)));
        List.of(Queue.values()).stream()
                .filter(spec -> !spec.isDeadLetterQueue())
                .forEach(spec -> queues.put(spec, create(spec, removalPolicy)));
    }

    public IQueue get(Queue queue) {
        return queues.get(queue);
    }

    public Map<Queue, IQueue> all() {
        return Map.copyOf(queues);
    }

    public List<IQueue> jobQueues() {
        return JOB_QUEUES.stream().map(queues::get).toList();
    }

    private IQueue create(Queue spec, RemovalPolicy removalPolicy) {
        var builder = software.amazon.awscdk.services.sqs.Queue.Builder.create(this, spec.logicalId())
                .visibilityTimeout(seconds(spec.visibilityTimeout()))
                .retentionPeriod(seconds(spec.retention()))
                // SQS-managed keys: encrypted at rest with no KMS charges, and EventBridge can still deliver to it.
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .removalPolicy(removalPolicy);
        spec.deadLetterQueue()
                .ifPresent(dlq -> builder.deadLetterQueue(DeadLetterQueue.builder()
                        .queue(queues.get(dlq))
                        .maxReceiveCount(spec.maxReceiveCount())
                        .build()));
        return builder.build();
    }

    private static Duration seconds(java.time.Duration duration) {
        return Duration.seconds(duration.toSeconds());
    }
}
