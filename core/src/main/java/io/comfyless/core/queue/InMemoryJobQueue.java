package io.comfyless.core.queue;

import io.comfyless.core.job.Lane;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@link JobQueue} in memory, with SQS's semantics where the domain relies on them: a received
 * message is hidden for its visibility period (read from the injected {@link Clock}) and comes
 * back unless deleted; each receive raises its receive count and issues a new receipt handle, and
 * only the latest handle can delete, extend or release it.
 */
public final class InMemoryJobQueue implements JobQueue {

    private static final class Message {
        final String id = UUID.randomUUID().toString();
        final QueueMessage body;
        String receiptHandle;
        Instant visibleAt;
        int receiveCount;

        Message(QueueMessage body, Instant visibleAt) {
            this.body = body;
            this.visibleAt = visibleAt;
        }
    }

    private final Clock clock;
    private final Map<Lane, List<Message>> lanes = new EnumMap<>(Lane.class);

    public InMemoryJobQueue(Clock clock) {
        this.clock = clock;
        for (Lane lane : Lane.values()) {
            lanes.put(lane, new ArrayList<>());
        }
    }

    @Override
    public synchronized void send(Lane lane, QueueMessage message) {
        lanes.get(lane).add(new Message(message, clock.instant()));
        notifyAll();
    }

    @Override
    public synchronized void sendAll(Lane lane, List<QueueMessage> messages) {
        messages.forEach(message -> send(lane, message));
    }

    @Override
    public synchronized List<Delivery> receive(Lane lane, int max, Duration wait, Duration visibility) {
        long waitUntil = System.nanoTime() + wait.toNanos();
        List<Delivery> received = take(lane, max, visibility);
        // A long poll: wait for a send (which notifies) until the wait is over.
        while (received.isEmpty() && System.nanoTime() < waitUntil) {
            try {
                // Woken by a send or a release; a postponed message becomes visible without either.
                wait(Math.max(1, Math.min(100, (waitUntil - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
            received = take(lane, max, visibility);
        }
        return received;
    }

    private List<Delivery> take(Lane lane, int max, Duration visibility) {
        Instant now = clock.instant();
        List<Delivery> deliveries = new ArrayList<>();
        for (Message message : lanes.get(lane)) {
            if (deliveries.size() == max) {
                break;
            }
            if (!message.visibleAt.isAfter(now)) {
                message.visibleAt = now.plus(visibility);
                message.receiveCount++;
                message.receiptHandle = UUID.randomUUID().toString();
                String body = SqsJobQueue.encode(message.body);
                deliveries.add(new Delivery(
                        SqsJobQueue.decode(body), lane, message.receiptHandle, message.id, message.receiveCount, body));
            }
        }
        return deliveries;
    }

    @Override
    public synchronized void delete(Delivery delivery) {
        lanes.get(delivery.lane()).removeIf(message -> delivery.receiptHandle().equals(message.receiptHandle));
    }

    @Override
    public synchronized void deleteAll(List<Delivery> deliveries) {
        deliveries.forEach(this::delete);
    }

    @Override
    public synchronized void postpone(Delivery delivery, Duration delay) {
        QueueMessage message = delivery.message().orElseThrow();
        delete(delivery);
        lanes.get(delivery.lane()).add(new Message(message, clock.instant().plus(delay)));
    }

    @Override
    public synchronized void extend(Delivery delivery, Duration visibility) {
        current(delivery).forEach(message -> message.visibleAt = clock.instant().plus(visibility));
    }

    @Override
    public synchronized void release(Delivery delivery) {
        current(delivery).forEach(message -> message.visibleAt = clock.instant());
        notifyAll();
    }

    @Override
    public synchronized Map<Lane, QueueDepth> depth() {
        Instant now = clock.instant();
        Map<Lane, QueueDepth> depth = new EnumMap<>(Lane.class);
        lanes.forEach((lane, messages) -> {
            long waiting =
                    messages.stream().filter(m -> !m.visibleAt.isAfter(now)).count();
            depth.put(lane, new QueueDepth(waiting, messages.size() - waiting));
        });
        return depth;
    }

    private List<Message> current(Delivery delivery) {
        return lanes.get(delivery.lane()).stream()
                .filter(message -> delivery.receiptHandle().equals(message.receiptHandle))
                .toList();
    }
}
