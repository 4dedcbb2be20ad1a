package io.comfyless.core.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** {@link WebhookQueue} on the webhooks SQS queue and its dead-letter queue. */
public final class SqsWebhookQueue implements WebhookQueue {

    private static final int SQS_BATCH = 10;

    private final SqsClient sqs;
    private final String url;
    private final String deadLetterUrl;

    public SqsWebhookQueue(SqsClient sqs, String url, String deadLetterUrl) {
        this.sqs = sqs;
        this.url = url;
        this.deadLetterUrl = deadLetterUrl;
    }

    @Override
    public void send(WebhookMessage message) {
        sqs.sendMessage(request -> request.queueUrl(url).messageBody(message.toJson()));
    }

    @Override
    public void sendAll(List<WebhookMessage> messages) {
        for (int from = 0; from < messages.size(); from += SQS_BATCH) {
            List<WebhookMessage> chunk = messages.subList(from, Math.min(from + SQS_BATCH, messages.size()));
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .messageBody(chunk.get(i).toJson())
                        .build());
            }
            for (BatchResultErrorEntry failed :
                    sqs.sendMessageBatch(r -> r.queueUrl(url).entries(entries)).failed()) {
                send(chunk.get(Integer.parseInt(failed.id())));
            }
        }
    }

    @Override
    public List<ReceivedWebhook> receive(int max, Duration wait) {
        List<ReceivedWebhook> received = new ArrayList<>();
        for (Message message : sqs.receiveMessage(request -> request.queueUrl(url)
                        .maxNumberOfMessages(max)
                        .waitTimeSeconds((int) wait.toSeconds())
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                .messages()) {
            int count = Integer.parseInt(
                    message.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
            received.add(new ReceivedWebhook(message.messageId(), message.receiptHandle(), message.body(), count));
        }
        return received;
    }

    @Override
    public void delete(String receiptHandle) {
        sqs.deleteMessage(request -> request.queueUrl(url).receiptHandle(receiptHandle));
    }

    @Override
    public void retryAfter(String receiptHandle, Duration delay) {
        sqs.changeMessageVisibility(request ->
                request.queueUrl(url).receiptHandle(receiptHandle).visibilityTimeout((int) delay.toSeconds()));
    }

    @Override
    public void deadLetter(String body) {
        sqs.sendMessage(request -> request.queueUrl(deadLetterUrl).messageBody(body));
    }
}
