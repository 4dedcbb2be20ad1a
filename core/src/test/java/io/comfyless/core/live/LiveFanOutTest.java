package io.comfyless.core.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.events.JobChange;
import io.comfyless.core.events.JobProgressDetail;
import io.comfyless.core.events.JobStateChangeDetail;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.Lane;
import io.comfyless.core.job.Progress;
import io.comfyless.core.json.Json;
import io.comfyless.core.queue.QueueDepth;
import io.comfyless.core.tenant.Scope;
import io.comfyless.core.worker.WorkerStateChangeDetail;
import io.comfyless.core.workflow.Workflow;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LiveFanOutTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final InMemoryConnectionStore store = new InMemoryConnectionStore();
    private final RecordingGateway gateway = new RecordingGateway();
    private final AtomicInteger depthReads = new AtomicInteger();
    private final ExecutorService posts = Executors.newFixedThreadPool(4);
    private final LiveFanOut fanOut = new LiveFanOut(
            store,
            gateway,
            new LiveMessages(new PresignOnlyBlobs(), Clock.fixed(NOW, ZoneOffset.UTC)),
            () -> {
                depthReads.incrementAndGet();
                return Map.of(Lane.NORMAL, new QueueDepth(3, 1));
            },
            posts);

    @AfterEach
    void stop() {
        posts.shutdownNow();
    }

    private String connected(String tenant, Topic... topics) {
        String id = "conn-" + UUID.randomUUID();
        store.open(Connection.opened(id, tenant, EnumSet.allOf(Scope.class), NOW), NOW.plusSeconds(60));
        for (Topic topic : topics) {
            store.subscribe(id, topic, NOW.plusSeconds(60));
        }
        return id;
    }

    private static Job job(String tenant, String id, JobStatus status, String batch) {
        return Job.builder()
                .id(id)
                .owner(tenant)
                .workflow(Workflow.of((ObjectNode) Json.read("{\"1\":{\"class_type\":\"EmptyImage\",\"inputs\":{}}}")))
                .createdAt(NOW)
                .status(status)
                .batchId(batch)
                .build();
    }

    private static LiveEvent changed(String tenant, String id, JobStatus status, String batch) {
        JobChange change = new JobChange(job(tenant, id, status, batch), JobStatus.PENDING, NOW);
        return new LiveEvent.JobChanged("evt-" + id + status, NOW, JobStateChangeDetail.of(change));
    }

    private static LiveEvent progressed(String tenant, String id) {
        Progress progress = new Progress(50, "2", "KSampler", 5, 10, 1, 3, NOW, null, null).withEta(4L);
        return new LiveEvent.JobProgressed(
                "evt-p-" + id, NOW, JobProgressDetail.of(job(tenant, id, JobStatus.RUNNING, null), progress));
    }

    @Test
    void anEventReachesEverySubscribedConnectionOnceEvenWhenItMatchesTwoOfItsTopics() {
        String both = connected("alice", Topic.job("alice", "exec_1"), Topic.channel("alice", Channel.JOBS));
        String channel = connected("alice", Topic.channel("alice", Channel.JOBS));
        String otherJob = connected("alice", Topic.job("alice", "exec_2"));

        LiveFanOut.Result result = fanOut.deliver(List.of(progressed("alice", "exec_1")));

        assertThat(gateway.received(both)).hasSize(1);
        assertThat(gateway.received(channel)).hasSize(1);
        assertThat(gateway.received(otherJob)).isEmpty();
        assertThat(result.delivered()).isEqualTo(2);
        JsonNode message = gateway.received(both).get(0);
        assertThat(message.path("type").asText()).isEqualTo("progress");
        assertThat(message.path("execution_id").asText()).isEqualTo("exec_1");
        assertThat(message.path("data").path("eta_seconds").asLong()).isEqualTo(4);
        assertThat(message.path("data").path("estimated_completion").asText()).isEqualTo("2026-03-01T12:00:04Z");
    }

    @Test
    void anotherTenantsConnectionsNeverHearOfAJobEvenOnTheSameIdsAndChannels() {
        String bob = connected("bob", Topic.job("bob", "exec_1"), Topic.channel("bob", Channel.JOBS));

        fanOut.deliver(List.of(progressed("alice", "exec_1"), changed("alice", "exec_1", JobStatus.COMPLETED, null)));

        assertThat(gateway.received(bob)).isEmpty();
    }

    @Test
    void aConnectionTheGatewayReportsGoneIsClosedInTheStore() {
        String stale = connected("alice", Topic.job("alice", "exec_1"));
        gateway.gone.add(stale);

        LiveFanOut.Result result = fanOut.deliver(List.of(progressed("alice", "exec_1")));

        assertThat(result.gone()).isEqualTo(1);
        assertThat(store.find(stale)).isEmpty();
        assertThat(store.subscribers(Topic.job("alice", "exec_1"))).isEmpty();
    }

    @Test
    void stateChangesBecomeTheSeedsEventNames() {
        String watcher = connected("alice", Topic.channel("alice", Channel.JOBS));

        fanOut.deliver(List.of(
                changed("alice", "exec_a", JobStatus.RUNNING, null),
                changed("alice", "exec_a", JobStatus.COMPLETED, null),
                changed("alice", "exec_b", JobStatus.FAILED, null),
                changed("alice", "exec_c", JobStatus.CANCELLED, null)));

        assertThat(gateway.received(watcher).stream().map(m -> m.path("type").asText()))
                .containsExactly("started", "complete", "error", "cancelled");
    }

    @Test
    void batchSubscribersHearEveryJobOfTheirBatchOnly() {
        String batchWatcher = connected("alice", Topic.batch("alice", "batch_1"));

        fanOut.deliver(List.of(
                changed("alice", "exec_in", JobStatus.RUNNING, "batch_1"),
                changed("alice", "exec_out", JobStatus.RUNNING, null)));

        assertThat(gateway.received(batchWatcher)).singleElement().satisfies(message -> {
            assertThat(message.path("execution_id").asText()).isEqualTo("exec_in");
            assertThat(message.path("batch_id").asText()).isEqualTo("batch_1");
        });
    }

    @Test
    void queueListenersGetTheLaneDepthsAfterStateChangesOfTheirTenantsJobsOnly() {
        String queue = connected("alice", Topic.channel("alice", Channel.QUEUE));

        fanOut.deliver(List.of(
                changed("alice", "exec_1", JobStatus.RUNNING, null),
                progressed("alice", "exec_1"),
                changed("bob", "exec_9", JobStatus.RUNNING, null),
                changed("alice", "exec_1", JobStatus.COMPLETED, null)));

        assertThat(gateway.received(queue)).hasSize(2).allSatisfy(message -> {
            assertThat(message.path("type").asText()).isEqualTo("queue_update");
            assertThat(message.path("data")
                            .path("lanes")
                            .path("normal")
                            .path("pending")
                            .asLong())
                    .isEqualTo(3);
        });
        assertThat(depthReads).as("read once per delivery").hasValue(1);
    }

    @Test
    void nobodyListeningCostsNoQueueRead() {
        fanOut.deliver(List.of(changed("alice", "exec_1", JobStatus.RUNNING, null)));

        assertThat(depthReads).hasValue(0);
        assertThat(gateway.posts).isEmpty();
    }

    @Test
    void fleetEventsReachTheFleetListenersOfEveryTenant() {
        String alice = connected("alice", Topic.channel("alice", Channel.FLEET));
        String bob = connected("bob", Topic.channel("bob", Channel.FLEET));
        LiveEvent worker = new LiveEvent.WorkerChanged(
                "evt-w", NOW, new WorkerStateChangeDetail("runner-1", "idle", "starting", "g5.xlarge", "spot", NOW));

        fanOut.deliver(List.of(worker));

        assertThat(gateway.received(alice))
                .singleElement()
                .satisfies(message ->
                        assertThat(message.path("data").path("state").asText()).isEqualTo("idle"));
        assertThat(gateway.received(bob)).hasSize(1);
    }

    @Test
    void aTenantsSubscriptionsAreReadAgainOnlyAfterTheyChanged() {
        CountingStore counting = new CountingStore(store);
        LiveFanOut kept = new LiveFanOut(
                counting,
                gateway,
                new LiveMessages(new PresignOnlyBlobs(), Clock.fixed(NOW, ZoneOffset.UTC)),
                Map::of,
                posts);
        String first = connected("alice", Topic.channel("alice", Channel.JOBS));

        kept.deliver(List.of(progressed("alice", "exec_1")));
        int afterFirst = counting.lookups.get();
        kept.deliver(List.of(progressed("alice", "exec_1")));
        int afterSecond = counting.lookups.get();
        String second = connected("alice", Topic.channel("alice", Channel.JOBS));
        kept.deliver(List.of(progressed("alice", "exec_1")));

        assertThat(afterFirst).as("one read of the tenant's subscriptions").isEqualTo(1);
        assertThat(afterSecond).as("nothing changed: nothing read again").isEqualTo(afterFirst);
        assertThat(counting.lookups.get()).isGreaterThan(afterSecond);
        assertThat(gateway.received(first)).hasSize(3);
        assertThat(gateway.received(second))
                .as("the newcomer hears the next event")
                .hasSize(1);
    }

    /** Counts subscriber lookups; everything else goes straight to the store it wraps. */
    static final class CountingStore implements ConnectionStore {
        final AtomicInteger lookups = new AtomicInteger();
        private final ConnectionStore store;

        CountingStore(ConnectionStore store) {
            this.store = store;
        }

        @Override
        public void open(Connection connection, Instant expiresAt) {
            store.open(connection, expiresAt);
        }

        @Override
        public Optional<Connection> find(String connectionId) {
            return store.find(connectionId);
        }

        @Override
        public boolean subscribe(String connectionId, Topic topic, Instant expiresAt) {
            return store.subscribe(connectionId, topic, expiresAt);
        }

        @Override
        public void unsubscribe(String connectionId, Topic topic) {
            store.unsubscribe(connectionId, topic);
        }

        @Override
        public void close(String connectionId) {
            store.close(connectionId);
        }

        @Override
        public List<String> subscribers(Topic topic) {
            return store.subscribers(topic);
        }

        @Override
        public Map<String, List<String>> subscriptions(String tenant) {
            lookups.incrementAndGet();
            return store.subscriptions(tenant);
        }

        @Override
        public long version(String tenant) {
            return store.version(tenant);
        }
    }

    /** Records what it posts; answers GONE for the connections in {@link #gone}. */
    static final class RecordingGateway implements ConnectionGateway {
        final Set<String> gone = ConcurrentHashMap.newKeySet();
        final List<String[]> posts = new CopyOnWriteArrayList<>();

        @Override
        public Delivery post(String connectionId, String message) {
            if (gone.contains(connectionId)) {
                return Delivery.GONE;
            }
            posts.add(new String[] {connectionId, message});
            return Delivery.DELIVERED;
        }

        List<JsonNode> received(String connectionId) {
            List<JsonNode> messages = new ArrayList<>();
            posts.stream().filter(p -> p[0].equals(connectionId)).forEach(p -> messages.add(Json.read(p[1])));
            return messages;
        }
    }
}
