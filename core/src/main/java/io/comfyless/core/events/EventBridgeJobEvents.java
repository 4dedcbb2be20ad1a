package io.comfyless.core.events;

import io.comfyless.contract.Events;
import io.comfyless.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * Puts every job state change on the stack's bus as source {@value Events#SOURCE}, detail-type
 * {@value Events#JOB_STATE_CHANGE}. Best effort: entries EventBridge refuses are logged, not
 * retried, because the transition they describe is already written and readable through the API.
 */
public final class EventBridgeJobEvents implements JobEvents {

    private static final Logger log = LoggerFactory.getLogger(EventBridgeJobEvents.class);
    /** PutEvents takes at most ten entries per call. */
    private static final int PUT_EVENTS_MAX = 10;

    private final EventBridgeClient events;
    private final String bus;

    public EventBridgeJobEvents(EventBridgeClient events, String bus) {
        this.events = events;
        this.bus = bus;
    }

    @Override
    public void changed(JobChange change) {
        changedAll(List.of(change));
    }

    @Override
    public void changedAll(List<JobChange> changes) {
        for (int from = 0; from < changes.size(); from += PUT_EVENTS_MAX) {
            List<PutEventsRequestEntry> entries = new ArrayList<>();
            for (JobChange change : changes.subList(from, Math.min(from + PUT_EVENTS_MAX, changes.size()))) {
                entries.add(entry(change));
            }
            PutEventsResponse response = events.putEvents(request -> request.entries(entries));
            if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
                log.warn(
                        "EventBridge refused {} of {} job events: {}",
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

    private PutEventsRequestEntry entry(JobChange change) {
        return PutEventsRequestEntry.builder()
                .eventBusName(bus)
                .source(Events.SOURCE)
                .detailType(Events.JOB_STATE_CHANGE)
                .time(change.at())
                .resources(List.of())
                .detail(Json.write(JobStateChangeDetail.of(change)))
                .build();
    }
}
