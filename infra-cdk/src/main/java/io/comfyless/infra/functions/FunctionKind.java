package io.comfyless.infra.functions;

import software.amazon.awscdk.Duration;

/**
 * The four Lambda functions packed in the one functions jar. Spring Cloud Function picks the bean
 * to run from {@code SPRING_CLOUD_FUNCTION_DEFINITION}, so one artifact serves all four.
 */
public enum FunctionKind {
    /** The HTTP router. 29 s: API Gateway gives up on the integration at 30 s anyway. */
    API("api", "Api", 1024, Duration.seconds(29), "ComfyLess HTTP API"),
    /** Fans a batch manifest out into jobs; large manifests take a while. */
    BATCH("batch", "Batch", 1024, Duration.minutes(5), "ComfyLess batch manifest trigger"),
    /**
     * Delivers signed webhooks. One minute: equal to the webhooks queue's visibility timeout, which
     * Lambda requires to be at least the function timeout.
     */
    WEBHOOK("webhook", "Webhook", 512, Duration.minutes(1), "ComfyLess webhook dispatcher"),
    /** Sweeps jobs whose lease lapsed back onto their queue; runs every minute. */
    REAPER("reaper", "Reaper", 512, Duration.minutes(1), "ComfyLess stuck-job reaper");

    private final String definition;
    private final String constructId;
    private final int memoryMb;
    private final Duration timeout;
    private final String description;

    FunctionKind(String definition, String constructId, int memoryMb, Duration timeout, String description) {
        this.definition = definition;
        this.constructId = constructId;
        this.memoryMb = memoryMb;
        this.timeout = timeout;
        this.description = description;
    }

    /** The value of {@code SPRING_CLOUD_FUNCTION_DEFINITION}. */
    public String definition() {
        return definition;
    }

    public String constructId() {
        return constructId;
    }

    public int memoryMb() {
        return memoryMb;
    }

    public Duration timeout() {
        return timeout;
    }

    public String description() {
        return description;
    }
}
