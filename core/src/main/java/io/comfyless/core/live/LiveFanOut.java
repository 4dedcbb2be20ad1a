package io.comfyless.core.live;

import io.comfyless.core.job.Lane;
import io.comfyless.core.queue.QueueDepth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers bus events to the connections subscribed to them: each event is rendered once and posted
 * once to every connection subscribed to any of its topics (a job, its batch, the tenant's channel),
 * and a connection the gateway reports gone is closed in the store. Events are delivered in the order
 * given, each to all its connections before the next, so a connection sees a job's events in order.
 * A tenant's subscriptions are read in one go and kept between calls as long as the tenant's
 * subscription {@code version} is unchanged: a call reads one version per tenant, and the
 * subscriptions again only when they changed. The lane depths are read once per call, and only when
 * some connection of the tenant listens to the queue channel.
 */
public final class LiveFanOut {

    private static final Logger log = LoggerFactory.getLogger(LiveFanOut.class);

    /** What one call did. */
    public record Result(int events, int delivered, int gone, int failed) {}

    /** Beyond this many tenants the kept subscriptions are dropped and read again as needed. */
    static final int MAX_KEPT_TENANTS = 1_000;

    private record Kept(long version, Map<String, List<String>> byTopic) {}

    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    private final ConnectionStore store;
    private final ConnectionGateway gateway;
    private final LiveMessages messages;
    private final Supplier<Map<Lane, QueueDepth>> queueDepth;
    private final ExecutorService posts;

    /**
     * @param posts where posts to many connections run side by side (one call to the gateway each)
     */
    public LiveFanOut(
            ConnectionStore store,
            ConnectionGateway gateway,
            LiveMessages messages,
            Supplier<Map<Lane, QueueDepth>> queueDepth,
            ExecutorService posts) {
        this.store = store;
        this.gateway = gateway;
        this.messages = messages;
        this.queueDepth = queueDepth;
        this.posts = posts;
    }

    public Result deliver(List<LiveEvent> events) {
        Map<String, Map<String, List<String>>> tenants = new HashMap<>();
        Map<Lane, QueueDepth> lanes = null;
        Counts counts = new Counts();
        for (LiveEvent event : events) {
            Set<String> connections = new LinkedHashSet<>();
            event.topics().forEach(topic -> connections.addAll(subscribers(topic, tenants)));
            if (!connections.isEmpty()) {
                post(messages.render(event).json(), connections, counts);
            }
            if (event instanceof LiveEvent.JobChanged changed) {
                Topic queue = Topic.channel(changed.detail().tenant(), Channel.QUEUE);
                List<String> listening = subscribers(queue, tenants);
                if (!listening.isEmpty()) {
                    if (lanes == null) {
                        lanes = queueDepth.get();
                    }
                    post(messages.queue(event, lanes).json(), listening, counts);
                }
            }
        }
        return new Result(events.size(), counts.delivered.get(), counts.gone.get(), counts.failed.get());
    }

    /** The topic's subscribers, from its tenant's subscriptions as this call sees them. */
    private List<String> subscribers(Topic topic, Map<String, Map<String, List<String>>> tenants) {
        return tenants.computeIfAbsent(topic.tenant(), this::subscriptions).getOrDefault(topic.name(), List.of());
    }

    /** A tenant's subscriptions: the kept ones while its version is unchanged. */
    private Map<String, List<String>> subscriptions(String tenant) {
        long version = store.version(tenant);
        Kept known = kept.get(tenant);
        if (known != null && known.version() == version) {
            return known.byTopic();
        }
        // The version is read before the subscriptions: a change in between makes the next call read again.
        Map<String, List<String>> byTopic = store.subscriptions(tenant);
        if (kept.size() >= MAX_KEPT_TENANTS) {
            kept.clear();
        }
        kept.put(tenant, new Kept(version, byTopic));
        return byTopic;
    }

    private void post(String message, Iterable<String> connections, Counts counts) {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (String connection : connections) {
            sent.add(CompletableFuture.runAsync(() -> postOne(connection, message, counts), posts));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }

    private void postOne(String connection, String message, Counts counts) {
        try {
            if (gateway.post(connection, message) == ConnectionGateway.Delivery.GONE) {
                counts.gone.incrementAndGet();
                store.close(connection);
            } else {
                counts.delivered.incrementAndGet();
            }
        } catch (RuntimeException e) {
            counts.failed.incrementAndGet();
            log.warn("Could not post to connection {}: {}", connection, e.toString());
        }
    }

    private static final class Counts {
        final AtomicInteger delivered = new AtomicInteger();
        final AtomicInteger gone = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
    }
}
