package io.comfyless.contract;

/**
 * Webhook delivery settings and the headers every delivery carries. The CDK app sets the variables
 * on the functions and the runners (both enqueue webhooks); the local stack sets them the same way.
 */
public final class Webhooks {

    /** {@code true} allows http and loopback/private receivers: local development and tests only. */
    public static final String ALLOW_INSECURE_ENV_VAR = "COMFYLESS_WEBHOOK_ALLOW_INSECURE";
    /** Deliveries tried before an event goes to the dead-letter queue. */
    public static final String MAX_ATTEMPTS_ENV_VAR = "COMFYLESS_WEBHOOK_MAX_ATTEMPTS";
    /** First retry delay; attempt n waits base * 2^(n-1), capped at {@link #MAX_RETRY_DELAY_SECONDS}. */
    public static final String RETRY_BASE_SECONDS_ENV_VAR = "COMFYLESS_WEBHOOK_RETRY_BASE_SECONDS";

    /** As many attempts as the queue's redrive policy allows receives. */
    public static final int DEFAULT_MAX_ATTEMPTS = Queue.WEBHOOKS.maxReceiveCount();

    public static final int DEFAULT_RETRY_BASE_SECONDS = 30;
    /** SQS caps a message's visibility timeout at 12 hours; we stay far below. */
    public static final int MAX_RETRY_DELAY_SECONDS = 3600;

    public static final String SIGNATURE_HEADER = "X-ComfyLess-Signature";
    public static final String TIMESTAMP_HEADER = "X-ComfyLess-Timestamp";
    public static final String EVENT_ID_HEADER = "X-ComfyLess-Event-Id";

    private Webhooks() {}
}
