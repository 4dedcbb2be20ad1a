package io.comfyless.infra.functions;

import io.comfyless.contract.LambdaFunction;
import software.amazon.awscdk.Duration;

/**
 * How each Lambda function ({@link LambdaFunction}) is deployed: memory, timeout, description.
 * Each comes from its own jar and starts its own Spring application.
 */
public enum FunctionKind {
    /** The HTTP router. 29 s: API Gateway gives up on the integration at 30 s anyway. */
    API(LambdaFunction.API, "Api", 1024, Duration.seconds(29), "ComfyLess HTTP API"),
    /**
     * Fans a batch manifest out into jobs. Lambda's maximum, 15 minutes: a manifest of many thousand
     * lines is parsed, validated and written in transactions of a few dozen jobs each, and a
     * redelivered manifest resumes where the last attempt stopped, so a long run is never wasted.
     */
    BATCH(LambdaFunction.BATCH, "Batch", 1024, Duration.minutes(15), "ComfyLess batch manifest trigger"),
    /**
     * Delivers signed webhooks. One minute: no more than the webhooks queue's visibility timeout
     * (Lambda requires that), and room for a batch of {@value Triggers#WEBHOOK_BATCH_SIZE}
     * deliveries of up to ten seconds each.
     */
    WEBHOOK(LambdaFunction.WEBHOOK, "Webhook", 512, Duration.minutes(1), "ComfyLess webhook dispatcher"),
    /** Sweeps jobs whose lease lapsed back onto their queue; runs every minute. */
    REAPER(LambdaFunction.REAPER, "Reaper", 512, Duration.minutes(1), "ComfyLess stuck-job reaper"),
    /**
     * EventBridge Scheduler's target: submits one saved template per firing, as the API would. As
     * much memory as the API: it parses and validates the same workflows.
     */
    SCHEDULE(LambdaFunction.SCHEDULE, "Schedule", 1024, Duration.minutes(1), "ComfyLess scheduled template submission"),
    /**
     * Every route of the live-update WebSocket API: authenticates a connect as the API does, records
     * subscriptions, answers each message. 29 s, API Gateway's integration limit.
     */
    WEBSOCKET(
            LambdaFunction.WEBSOCKET,
            "WebSocket",
            1024,
            Duration.seconds(29),
            "ComfyLess live-update WebSocket routes"),
    /**
     * Posts job, download and fleet events to subscribed connections, ten events a batch from the
     * live-events queue; 30 s, half the queue's visibility timeout.
     */
    FANOUT(LambdaFunction.FANOUT, "FanOut", 1024, Duration.seconds(30), "ComfyLess live-update fan-out");

    private final LambdaFunction function;
    private final String constructId;
    private final int memoryMb;
    private final Duration timeout;
    private final String description;

    FunctionKind(LambdaFunction function, String constructId, int memoryMb, Duration timeout, String description) {
        this.function = function;
        this.constructId = constructId;
        this.memoryMb = memoryMb;
        this.timeout = timeout;
        this.description = description;
    }

    public LambdaFunction function() {
        return function;
    }

    /** The value of {@code SPRING_CLOUD_FUNCTION_DEFINITION}. */
    public String definition() {
        return function.definition();
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
