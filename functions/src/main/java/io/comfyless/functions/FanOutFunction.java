package io.comfyless.functions;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.comfyless.core.live.LiveEvent;
import io.comfyless.core.live.LiveFanOut;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live-update fan-out Lambda, fed by the live-events queue (event source mapping with
 * {@code ReportBatchItemFailures}): the batch's events are delivered in order to their subscribers.
 * A message that is no live event is dropped; a batch that cannot be delivered at all (the store
 * unreachable) is handed back whole, to be tried again until the queue's redrive gives up on it.
 */
public final class FanOutFunction implements Function<SQSEvent, SQSBatchResponse> {

    private static final Logger log = LoggerFactory.getLogger(FanOutFunction.class);

    private final Supplier<LiveFanOut> fanOut;

    /** @param fanOut built on first use: only this function knows the WebSocket API's endpoint */
    public FanOutFunction(Supplier<LiveFanOut> fanOut) {
        this.fanOut = fanOut;
    }

    @Override
    public SQSBatchResponse apply(SQSEvent event) {
        List<SQSEvent.SQSMessage> messages =
                event.getRecords() == null ? List.<SQSEvent.SQSMessage>of() : event.getRecords();
        List<LiveEvent> live = new ArrayList<>();
        for (SQSEvent.SQSMessage message : messages) {
            LiveEvent.fromMessage(message.getBody())
                    .ifPresentOrElse(
                            live::add,
                            () -> log.warn("Dropped live-events message {}: not a live event", message.getMessageId()));
        }
        try {
            LiveFanOut.Result result = fanOut.get().deliver(live);
            log.debug("Delivered {} live events: {}", live.size(), result);
            return new SQSBatchResponse(List.of());
        } catch (RuntimeException e) {
            log.error("Could not deliver {} live events; they will be retried", live.size(), e);
            return new SQSBatchResponse(messages.stream()
                    .map(message -> new SQSBatchResponse.BatchItemFailure(message.getMessageId()))
                    .toList());
        }
    }
}
