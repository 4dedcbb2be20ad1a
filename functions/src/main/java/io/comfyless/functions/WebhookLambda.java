package io.comfyless.functions;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.comfyless.contract.LambdaFunction;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import java.time.Clock;
import java.util.List;

/**
 * The {@code webhook} function. Primed with an empty SQS batch and a read of a job that does not
 * exist (what signing a delivery reads first).
 */
public final class WebhookLambda extends LambdaApplication<SQSEvent, SQSBatchResponse> {

    @Override
    protected LambdaFunction function() {
        return LambdaFunction.WEBHOOK;
    }

    @Override
    protected Deployed<SQSEvent, SQSBatchResponse> build(RuntimeConfig config, AwsClients aws, Clock clock) {
        Adapters adapters = new Adapters(config, aws, clock);
        WebhookFunction webhook = new WebhookFunction(Handlers.webhookConsumer(adapters, clock));
        return new Deployed<>(webhook, () -> {
            SQSEvent empty = new SQSEvent();
            empty.setRecords(List.of());
            webhook.apply(empty);
            adapters.jobRecords().find("exec_00000000000000000000");
        });
    }
}
