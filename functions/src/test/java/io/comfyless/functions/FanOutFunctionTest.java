package io.comfyless.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.comfyless.core.live.Channel;
import io.comfyless.core.live.Connection;
import io.comfyless.core.live.ConnectionGateway;
import io.comfyless.core.live.ConnectionStore;
import io.comfyless.core.live.InMemoryConnectionStore;
import io.comfyless.core.live.LiveFanOut;
import io.comfyless.core.live.LiveMessages;
import io.comfyless.core.live.Topic;
import io.comfyless.core.tenant.Scope;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FanOutFunctionTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final InMemoryConnectionStore store = new InMemoryConnectionStore();
    private final List<String> posted = new ArrayList<>();
    private final ExecutorService posts = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        posts.shutdownNow();
    }

    private FanOutFunction function(ConnectionGateway gateway) {
        // Worker events render without links: no blob store is needed.
        LiveFanOut fanOut = new LiveFanOut(store, gateway, new LiveMessages(null, Clock.systemUTC()), Map::of, posts);
        return new FanOutFunction(() -> fanOut);
    }

    private static SQSEvent.SQSMessage message(String id, String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setBody(body);
        return message;
    }

    private static String workerEvent(String state) {
        return """
                {"version": "0", "id": "evt-%s", "detail-type": "Worker State Change", "source": "comfyless",
                 "time": "2026-03-01T12:00:00Z", "detail": {"worker_id": "runner-1", "state": "%s",
                 "instance_type": "g5.xlarge", "capacity": "spot", "at": "2026-03-01T12:00:00.250Z"}}
                """.formatted(state, state);
    }

    private static SQSEvent batch(SQSEvent.SQSMessage... messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(messages));
        return event;
    }

    @Test
    void aBatchIsDeliveredInOrderAndMessagesThatAreNoLiveEventsAreDropped() {
        store.open(Connection.opened("c1", "acme", EnumSet.allOf(Scope.class), NOW), NOW.plusSeconds(60));
        store.subscribe("c1", Topic.channel("acme", Channel.FLEET), NOW.plusSeconds(60));
        FanOutFunction function = function((connection, text) -> {
            posted.add(text);
            return ConnectionGateway.Delivery.DELIVERED;
        });

        SQSBatchResponse response = function.apply(batch(
                message("m1", workerEvent("starting")),
                message("m2", "not json at all"),
                message("m3", workerEvent("idle"))));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(posted).hasSize(2);
        assertThat(posted.get(0)).contains("\"state\":\"starting\"");
        assertThat(posted.get(1)).contains("\"state\":\"idle\"");
    }

    @Test
    void aBatchThatCannotBeDeliveredIsHandedBackWhole() {
        ConnectionStore broken = new ConnectionStore() {
            @Override
            public void open(Connection connection, Instant expiresAt) {}

            @Override
            public Optional<Connection> find(String connectionId) {
                return Optional.empty();
            }

            @Override
            public boolean subscribe(String connectionId, Topic topic, Instant expiresAt) {
                return false;
            }

            @Override
            public void unsubscribe(String connectionId, Topic topic) {}

            @Override
            public void close(String connectionId) {}

            @Override
            public List<String> subscribers(Topic topic) {
                throw new IllegalStateException("DynamoDB is unreachable");
            }

            @Override
            public Map<String, List<String>> subscriptions(String tenant) {
                throw new IllegalStateException("DynamoDB is unreachable");
            }

            @Override
            public long version(String tenant) {
                throw new IllegalStateException("DynamoDB is unreachable");
            }
        };
        LiveFanOut fanOut = new LiveFanOut(
                broken,
                (connection, text) -> ConnectionGateway.Delivery.DELIVERED,
                new LiveMessages(null, Clock.systemUTC()),
                Map::of,
                posts);

        SQSBatchResponse response = new FanOutFunction(() -> fanOut)
                .apply(batch(message("m1", workerEvent("idle")), message("m2", workerEvent("running"))));

        assertThat(response.getBatchItemFailures())
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m1", "m2");
    }
}
