package io.comfyless.infra.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.comfyless.contract.Batches;
import io.comfyless.contract.Bucket;
import io.comfyless.contract.Live;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * What starts the non-HTTP functions: a batch manifest landing in the bucket, a webhook delivery on
 * its queue, a one-minute clock for the reaper, and job, download and fleet events for the live-update
 * fan-out. Every trigger targets the function's alias. (The {@code schedule} function is started by
 * the schedules the API creates at runtime; the {@code websocket} function by the WebSocket API.)
 */
public final class Triggers extends Construct {

    /**
     * Deliveries per invocation. Each may take up to ten seconds and the function has one minute
     * (the queue's visibility timeout), so five leave headroom; the function reports failures per
     * message, so one bad endpoint does not retry the others.
     */
    static final int WEBHOOK_BATCH_SIZE = 5;

    /**
     * Live events per fan-out invocation: a burst of events costs one invocation and one subscriber
     * lookup per topic, not one of each per event; with no batching window the first event never waits.
     */
    static final int LIVE_BATCH_SIZE = 10;

    private static final ObjectMapper JSON = new ObjectMapper();

    public Triggers(
            Construct scope,
            String id,
            Functions functions,
            IBucket bucket,
            IQueue webhooks,
            IQueue batchDeadLetters,
            IEventBus bus,
            IQueue liveEvents) {
        super(scope, id);
        batchManifests(functions.get(FunctionKind.BATCH), bucket, batchDeadLetters);
        liveUpdates(functions.get(FunctionKind.FANOUT), bus, liveEvents);
        functions
                .get(FunctionKind.WEBHOOK)
                .alias()
                .addEventSource(SqsEventSource.Builder.create(webhooks)
                        .batchSize(WEBHOOK_BATCH_SIZE)
                        .reportBatchItemFailures(true)
                        .build());
        Rule.Builder.create(this, "ReaperClock")
                .description("Runs the stuck-job reaper every minute")
                .schedule(Schedule.rate(Duration.minutes(1)))
                // A missed sweep is simply done by the next one a minute later.
                .targets(List.of(LambdaFunction.Builder.create(
                                functions.get(FunctionKind.REAPER).alias())
                        .retryAttempts(0)
                        .build()))
                .build();
    }

    /**
     * S3 publishes "Object Created" on the account's default bus (never a custom one); the rule's
     * pattern is the contract's ({@link Batches#manifestEventPattern}), the one the local stack uses.
     * A manifest that cannot be delivered, or that the function fails on after Lambda's own retries,
     * ends up on the batch-events dead-letter queue, whose alarm tells an operator.
     */
    private void batchManifests(JavaFunction batch, IBucket bucket, IQueue batchDeadLetters) {
        batch.alias()
                .configureAsyncInvoke(EventInvokeConfigOptions.builder()
                        .retryAttempts(2)
                        .onFailure(new SqsDestination(batchDeadLetters))
                        .build());
        Rule.Builder.create(this, Batches.RULE_LOGICAL_ID)
                .description("Starts a batch when a manifest lands under " + Bucket.BATCH_INCOMING_PREFIX)
                .eventPattern(eventPattern(Batches.manifestEventPattern(bucket.getBucketName())))
                .targets(List.of(LambdaFunction.Builder.create(batch.alias())
                        .deadLetterQueue(batchDeadLetters)
                        .maxEventAge(Duration.hours(2))
                        .retryAttempts(8)
                        .build()))
                .build();
    }

    /**
     * The rule on the job bus ({@link Live#eventPattern}, the one the local stack uses) puts every event
     * live clients may hear about on the live-events queue, which the fan-out drains in batches. The
     * queue, not the function, is the rule's target: batches make a burst cheap, and events wait there
     * (five minutes at most, the queue's retention) when the function is throttled.
     */
    private void liveUpdates(JavaFunction fanOut, IEventBus bus, IQueue liveEvents) {
        Rule.Builder.create(this, Live.RULE_LOGICAL_ID)
                .description("Job, download and fleet events for live-update subscribers")
                .eventBus(bus)
                .eventPattern(eventPattern(Live.eventPattern()))
                .targets(List.of(SqsQueue.Builder.create(liveEvents).build()))
                .build();
        fanOut.alias()
                .addEventSource(SqsEventSource.Builder.create(liveEvents)
                        .batchSize(LIVE_BATCH_SIZE)
                        .maxBatchingWindow(Duration.seconds(0))
                        .reportBatchItemFailures(true)
                        .build());
    }

    /**
     * An EventBridge pattern in JSON as CDK's {@link EventPattern}. Only the fields the contract's
     * patterns use are mapped; any other field fails synthesis rather than being dropped silently.
     */
    static EventPattern eventPattern(String json) {
        Map<String, Object> pattern;
        try {
            pattern = JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not an event pattern: " + json, e);
        }
        Set<String> mapped = Set.of("source", "detail-type", "detail");
        if (!mapped.containsAll(pattern.keySet())) {
            throw new IllegalArgumentException(
                    "Event pattern fields other than " + mapped + " are not mapped: " + json);
        }
        return EventPattern.builder()
                .source(strings(pattern.get("source")))
                .detailType(strings(pattern.get("detail-type")))
                .detail(detail(pattern.get("detail")))
                .build();
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return value == null ? null : (List<String>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> detail(Object value) {
        return value == null ? null : (Map<String, Object>) value;
    }
}
