package io.comfyless.core.events;

import io.comfyless.contract.Events;
import io.comfyless.core.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * Puts events with source {@value Events#SOURCE} on the stack's bus, ten to a call. Best effort:
 * entries EventBridge refuses are logged, not retried, because what they describe is already
 * written and readable through the API.
 */
public final class EventBridgePublisher {

    private static final Logger log = LoggerFactory.getLogger(EventBridgePublisher.class);
    /** PutEvents takes at most ten entries per call. */
    private static final int PUT_EVENTS_MAX = 10;

    /** One event: its detail type, its detail (written as JSON) and when it happened. */
    public record Event(String detailType, Object detail, Instant time) {}

    private final EventBridgeClient events;
    private final String bus;

    public EventBridgePublisher(EventBridgeClient events, String bus) {
        this.events = events;
        this.bus = bus;
    }

    public void put(String detailType, Object detail, Instant time) {
        putAll(List.of(new Event(detailType, detail, time)));
    }

    public void putAll(List<Event> all) {
        for (int from = 0; from < all.size(); from += PUT_EVENTS_MAX) {
            List<PutEventsRequestEntry> entries = new ArrayList<>();
            for (Event event : all.subList(from, Math.min(from + PUT_EVENTS_MAX, all.size()))) {
                entries.add(PutEventsRequestEntry.builder()
                        .eventBusName(bus)
                        .source(Events.SOURCE)
                        .detailType(event.detailType())
                        .time(event.time())
                        .resources(List.of())
                        .detail(Json.write(event.detail()))
                        .build());
            }
            PutEventsResponse response = events.putEvents(request -> request.entries(entries));
            if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
                log.warn(
                        "EventBridge refused {} of {} events: {}",
                        response.failedEntryCount(),
                        entries.size(),
                        response.entries().stream()
                                .filter(e -> e.errorCode() != null)
                                .map(e -> e.errorCode())
                                .distinct()
                                .toList());
            }
        }
    }
}
