package io.comfyless.infra.functions;

import io.comfyless.contract.Bucket;
import io.comfyless.contract.Events;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * What starts the non-HTTP functions: a batch manifest landing in the bucket, a webhook message on
 * its queue, and a one-minute clock for the reaper. Every trigger targets the function's alias.
 */
public final class Triggers extends Construct {

    /** The webhook function reports failures per message, so one bad endpoint does not retry the batch. */
    static final int WEBHOOK_BATCH_SIZE = 10;

    public Triggers(Construct scope, String id, Functions functions, IBucket bucket, IQueue webhooks, IQueue batchDeadLetters) {
        super(scope, id);
        batchManifests(functions.get(FunctionKind.BATCH), bucket, batchDeadLetters);
        functions.get(FunctionKind.WEBHOOK).alias().addEventSource(SqsEventSource.Builder.create(webhooks)
                .batchSize(WEBHOOK_BATCH_SIZE)
                .reportBatchItemFailures(true)
                .build());
        Rule.Builder.create(this, "ReaperClock")
                .description("Runs the stuck-job reaper every minute")
                .schedule(Schedule.rate(Duration.minutes(1)))
                // A missed sweep is simply done by the next one a minute later.
                .targets(List.of(LambdaFunction.Builder.create(functions.get(FunctionKind.REAPER).alias())
                        .retryAttempts(0)
                        .build()))
                .build();
    }

    /**
     * S3 publishes "Object Created" on the account's default bus (never a custom one). A manifest
     * that cannot be delivered, or that the function fails on after Lambda's own retries, ends up
     * on the batch-events dead-letter queue, whose alarm tells an operator.
     */
    private void batchManifests(JavaFunction batch, IBucket bucket, IQueue batchDeadLetters) {
        batch.alias().configureAsyncInvoke(EventInvokeConfigOptions.builder()
                .retryAttempts(2)
                .onFailure(new SqsDestination(batchDeadLetters))
                .build());
        Rule.Builder.create(this, "BatchManifestUploaded")
                .description("Starts a batch when a manifest lands under " + Bucket.BATCH_INCOMING_PREFIX)
                .eventPattern(EventPattern.builder()
                        .source(List.of(Events.S3_SOURCE))
                        .detailType(List.of(Events.S3_OBJECT_CREATED))
                        .detail(Map.of(
                                "bucket", Map.of("name", List.of(bucket.getBucketName())),
                                "object", Map.of("key", List.of(Map.of("prefix", Bucket.BATCH_INCOMING_PREFIX)))))
                        .build())
                .targets(List.of(LambdaFunction.Builder.create(batch.alias())
                        .deadLetterQueue(batchDeadLetters)
                        .maxEventAge(Duration.hours(2))
                        .retryAttempts(8)
                        .build()))
                .build();
    }
}
