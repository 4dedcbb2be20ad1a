package io.comfyless.functions;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.comfyless.core.webhook.ReceivedWebhook;
import io.comfyless.core.webhook.WebhookConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The webhook Lambda, fed by the webhooks queue (event source mapping with
 * {@code ReportBatchItemFailures}): each message is delivered once; those to try again later are
 * reported as batch item failures, their visibility already set to the backoff delay.
 */
public final class WebhookFunction implements Function<SQSEvent, SQSBatchResponse> {

    private final WebhookConsumer consumer;

    public WebhookFunction(WebhookConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public SQSBatchResponse apply(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message :
                event.getRecords() == null ? List.<SQSEvent.SQSMessage>of() : event.getRecords()) {
            Map<String, String> attributes = message.getAttributes() == null ? Map.of() : message.getAttributes();
            int receiveCount = Integer.parseInt(attributes.getOrDefault("ApproximateReceiveCount", "1"));
            ReceivedWebhook received = new ReceivedWebhook(
                    message.getMessageId(), message.getReceiptHandle(), message.getBody(), receiveCount);
            if (consumer.consume(received) == WebhookConsumer.Disposition.RETRY) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
