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
 * Subscriber lists are read once per call and topic; the lane depths once per call, and only when
 * some connection of the tenant listens to the queue channel.
 */
public final class LiveFanOut {

    private static final Logger log = LoggerFactory.getLogger(LiveFanOut.class);

    /** What one call did. */
    public record Result(int events, int delivered, int gone, int failed) {}

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
        Map<Topic, List<String>> subscribers = new HashMap<>();
        Map<Lane, QueueDepth> lanes = null;
        Counts counts = new Counts();
        for (LiveEvent event : events) {
            Set<String> connections = new LinkedHashSet<>();
            event.topics().forEach(topic -> connections.addAll(subscribers.computeIfAbsent(topic, store::subscribers)));
            if (!connections.isEmpty()) {
                post(messages.render(event).json(), connections, counts);
            }
            if (event instanceof LiveEvent.JobChanged changed) {
                Topic queue = Topic.channel(changed.detail().tenant(), Channel.QUEUE);
                List<String> listening = subscribers.computeIfAbsent(queue, store::subscribers);
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
