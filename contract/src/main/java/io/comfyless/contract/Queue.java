package io.comfyless.contract;

import java.time.Duration;
import java.util.Optional;

/**
 * Every SQS queue the stack owns, with the settings both the CDK app and the local stack apply.
 * Jobs wait on one of three priority lanes; runners always drain the higher lane first.
 */
public enum Queue {
    JOBS_DLQ("jobs-dlq", Duration.ofMinutes(2), Duration.ofDays(14), null, 0),
    JOBS_HIGH("jobs-high", Duration.ofMinutes(2), Duration.ofDays(4), JOBS_DLQ, Queue.JOB_MAX_RECEIVES),
    JOBS_NORMAL("jobs-normal", Duration.ofMinutes(2), Duration.ofDays(4), JOBS_DLQ, Queue.JOB_MAX_RECEIVES),
    JOBS_LOW("jobs-low", Duration.ofMinutes(2), Duration.ofDays(4), JOBS_DLQ, Queue.JOB_MAX_RECEIVES),
    WEBHOOKS_DLQ("webhooks-dlq", Duration.ofMinutes(1), Duration.ofDays(14), null, 0),
    WEBHOOKS("webhooks", Duration.ofMinutes(1), Duration.ofDays(4), WEBHOOKS_DLQ, 8),
    /**
     * Receives the bucket's "Object Created" events for batch manifests. In AWS an EventBridge rule
     * invokes the batch function directly; the local stack targets this queue instead and polls it.
     */
    BATCH_EVENTS_DLQ("batch-events-dlq", Duration.ofMinutes(5), Duration.ofDays(14), null, 0),
    BATCH_EVENTS("batch-events", Duration.ofMinutes(5), Duration.ofDays(4), BATCH_EVENTS_DLQ, 5),
    LIVE_EVENTS_DLQ("live-events-dlq", Duration.ofMinutes(1), Duration.ofDays(1), null, 0),
    /**
     * Job, download and fleet events on their way to the live-update fan-out: a rule on the job bus
     * ({@link Live#eventPattern()}) puts them here, and the fan-out function (the local event pump,
     * locally) takes them in batches. Five minutes of retention: a progress event older than that is
     * of no use to anyone watching.
     */
    LIVE_EVENTS("live-events", Duration.ofMinutes(1), Duration.ofMinutes(5), LIVE_EVENTS_DLQ, 3);

    /**
     * A job message is received once per claim attempt and once after each graceful release
     * (spot interruption, deploy); five receives without a delete means it is poison.
     */
    public static final int JOB_MAX_RECEIVES = 5;

    private final String suffix;
    private final Duration visibilityTimeout;
    private final Duration retention;
    private final Queue deadLetterQueue;
    private final int maxReceiveCount;

    Queue(String suffix, Duration visibilityTimeout, Duration retention, Queue deadLetterQueue, int maxReceiveCount) {
        this.suffix = suffix;
        this.visibilityTimeout = visibilityTimeout;
        this.retention = retention;
        this.deadLetterQueue = deadLetterQueue;
        this.maxReceiveCount = maxReceiveCount;
    }

    public Duration visibilityTimeout() {
        return visibilityTimeout;
    }

    public Duration retention() {
        return retention;
    }

    public Optional<Queue> deadLetterQueue() {
        return Optional.ofNullable(deadLetterQueue);
    }

    /** Receives before SQS moves a message to the dead-letter queue; 0 for a dead-letter queue itself. */
    public int maxReceiveCount() {
        return maxReceiveCount;
    }

    public boolean isDeadLetterQueue() {
        return deadLetterQueue == null;
    }

    /**
     * Whether deployed code names this queue. The live-events queue and its dead-letter queue are
     * touched in AWS only by EventBridge and Lambda's event source, so functions and runners are not
     * told their URLs (Lambda allows four kilobytes of environment); the local stack, which drains the
     * live-events queue itself, is.
     */
    public boolean readByDeployedCode() {
        return this != LIVE_EVENTS && this != LIVE_EVENTS_DLQ;
    }

    /** The environment variable through which deployed code learns this queue's URL. */
    public String envVar() {
        return "COMFYLESS_QUEUE_" + name() + "_URL";
    }

    public String localName(String prefix) {
        return prefix + "-" + suffix;
    }

    public String logicalId() {
        return Names.pascal(suffix) + "Queue";
    }
}
