package io.comfyless.core.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.job.Lane;
import io.comfyless.core.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** {@link JobQueue} on three SQS standard queues, one per lane. Bodies are {@code {"job_id","attempt"}}. */
public final class SqsJobQueue implements JobQueue {

    private static final int SQS_BATCH = 10;

    private final SqsClient sqs;
    private final Map<Lane, String> urls;

    public SqsJobQueue(SqsClient sqs, Map<Lane, String> urls) {
        this.sqs = sqs;
        this.urls = new EnumMap<>(urls);
    }

    @Override
    public void send(Lane lane, QueueMessage message) {
        sqs.sendMessage(request -> request.queueUrl(urls.get(lane)).messageBody(encode(message)));
    }

    @Override
    public void postpone(Delivery delivery, Duration delay) {
        QueueMessage message = delivery.message().orElseThrow();
        sqs.sendMessage(request -> request.queueUrl(urls.get(delivery.lane()))
                .messageBody(encode(message))
                .delaySeconds((int) Math.min(900, Math.max(0, delay.toSeconds()))));
        delete(delivery);
    }

    @Override
    public void sendAll(Lane lane, List<QueueMessage> messages) {
        for (int from = 0; from < messages.size(); from += SQS_BATCH) {
            List<QueueMessage> chunk = messages.subList(from, Math.min(from + SQS_BATCH, messages.size()));
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .messageBody(encode(chunk.get(i)))
                        .build());
            }
            List<BatchResultErrorEntry> failed = sqs.sendMessageBatch(
                            r -> r.queueUrl(urls.get(lane)).entries(entries))
                    .failed();
            // A partial batch failure is rare (throttling); resend those one by one so none is lost.
            for (BatchResultErrorEntry entry : failed) {
                send(lane, chunk.get(Integer.parseInt(entry.id())));
            }
        }
    }

    @Override
    public List<Delivery> receive(Lane lane, int max, Duration wait, Duration visibility) {
        List<Message> messages = sqs.receiveMessage(request -> request.queueUrl(urls.get(lane))
                        .maxNumberOfMessages(max)
                        .waitTimeSeconds((int) wait.toSeconds())
                        .visibilityTimeout((int) visibility.toSeconds())
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                .messages();
        List<Delivery> deliveries = new ArrayList<>(messages.size());
        for (Message message : messages) {
            int receiveCount = Integer.parseInt(
                    message.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
            deliveries.add(new Delivery(
                    decode(message.body()),
                    lane,
                    message.receiptHandle(),
                    message.messageId(),
                    receiveCount,
                    message.body()));
        }
        return deliveries;
    }

    @Override
    public void delete(Delivery delivery) {
        sqs.deleteMessage(
                request -> request.queueUrl(urls.get(delivery.lane())).receiptHandle(delivery.receiptHandle()));
    }

    @Override
    public void extend(Delivery delivery, Duration visibility) {
        changeVisibility(delivery, (int) visibility.toSeconds());
    }

    @Override
    public void release(Delivery delivery) {
        changeVisibility(delivery, 0);
    }

    @Override
    public Map<Lane, QueueDepth> depth() {
        Map<Lane, QueueDepth> depth = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(
                            request -> request.queueUrl(urls.get(lane))
                                    .attributeNames(
                                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                    .attributes();
            depth.put(
                    lane,
                    new QueueDepth(
                            Long.parseLong(
                                    attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")),
                            Long.parseLong(attributes.getOrDefault(
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"))));
        }
        return depth;
    }

    private void changeVisibility(Delivery delivery, int seconds) {
        sqs.changeMessageVisibility(request -> request.queueUrl(urls.get(delivery.lane()))
                .receiptHandle(delivery.receiptHandle())
                .visibilityTimeout(seconds));
    }

    static String encode(QueueMessage message) {
        return Json.write(message);
    }

    static Optional<QueueMessage> decode(String body) {
        try {
            JsonNode node = Json.read(body);
            JsonNode id = node.get("job_id");
            JsonNode attempt = node.get("attempt");
            if (id == null || !id.isTextual() || attempt == null || !attempt.canConvertToInt() || attempt.asInt() < 1) {
                return Optional.empty();
            }
            return Optional.of(new QueueMessage(id.asText(), attempt.asInt()));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
