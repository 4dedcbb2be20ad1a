package io.comfyless.runner.job;

import io.comfyless.core.job.Lane;
import io.comfyless.core.queue.Delivery;
import io.comfyless.core.queue.JobQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long polls on every lane at once, for a runner that found every lane empty: a job on any lane
 * reaches it as soon as SQS has it, instead of after the poll of another lane ends. Each lane has at
 * most one poll in flight, asking for one message; while the intake waits, a poll that ends empty goes
 * out again at once, so no lane is left unwatched. What a poll brings is held, one message per lane,
 * until the intake takes it or hands it back with {@link #releaseHeld()}.
 *
 * <p>A poll is never cut short: aborting a receive that SQS has already answered would hide its
 * message until the visibility timeout. {@link #close} therefore waits for the polls in flight (at most
 * one poll wait) and hands back what they bring.
 */
final class LanePolls {

    private static final Logger log = LoggerFactory.getLogger(LanePolls.class);
    /** After a failed receive, a lane waits this long before its next poll, so an outage is not hammered. */
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

    private final JobQueue queue;
    private final Duration wait;
    private final Duration visibility;
    private final ExecutorService threads = Executors.newFixedThreadPool(Lane.values().length, runnable -> {
        Thread thread = new Thread(runnable, "lane-poll");
        thread.setDaemon(true);
        return thread;
    });
    /** Guarded by {@code this}, like {@link #polling} and {@link #closed}. */
    private final Map<Lane, Delivery> held = new EnumMap<>(Lane.class);

    private final Set<Lane> polling = EnumSet.noneOf(Lane.class);
    /** How many callers are in {@link #await}: while any is, a poll that ends empty goes straight out again. */
    private int awaiting;

    private boolean closed;

    LanePolls(JobQueue queue, Duration wait, Duration visibility) {
        this.queue = queue;
        this.wait = wait;
        this.visibility = visibility;
    }

    /**
     * Polls every lane that has no poll in flight and no message held, then waits up to {@code atMost}
     * for any message to be held.
     *
     * @return whether a message is held now
     */
    synchronized boolean await(Duration atMost) throws InterruptedException {
        for (Lane lane : Lane.values()) {
            if (!closed && !polling.contains(lane) && !held.containsKey(lane)) {
                polling.add(lane);
                threads.execute(() -> poll(lane));
            }
        }
        long deadline = System.nanoTime() + atMost.toNanos();
        awaiting++;
        try {
            while (held.isEmpty() && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } finally {
            awaiting--;
        }
        return !held.isEmpty();
    }

    /** Whether a poll of {@code lane} is out: a message arriving there reaches it without asking again. */
    synchronized boolean watching(Lane lane) {
        return polling.contains(lane);
    }

    /** The message held for {@code lane}, which the caller now owns. */
    synchronized Optional<Delivery> take(Lane lane) {
        return Optional.ofNullable(held.remove(lane));
    }

    /** Hands every held message back to its lane at once (visibility 0), for any runner to take. */
    void releaseHeld() {
        List<Delivery> released;
        synchronized (this) {
            if (held.isEmpty()) {
                return;
            }
            released = new ArrayList<>(held.values());
            held.clear();
        }
        released.forEach(this::release);
    }

    /** Starts no more polls; waits up to {@code atMost} for those in flight, and hands back what is held. */
    void close(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        synchronized (this) {
            closed = true;
            notifyAll();
            while (!polling.isEmpty() && System.nanoTime() < deadline) {
                try {
                    wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        releaseHeld();
        threads.shutdown();
    }

    /** Polls the lane until a poll brings something, or one ends empty with nobody waiting any more. */
    private void poll(Lane lane) {
        boolean again = true;
        while (again) {
            List<Delivery> received = List.of();
            try {
                received = queue.receive(lane, 1, wait, visibility);
            } catch (RuntimeException e) {
                log.warn("Polling the {} lane failed: {}", lane, e.toString());
                pause(AFTER_FAILURE);
            }
            List<Delivery> surplus = new ArrayList<>();
            synchronized (this) {
                for (Delivery delivery : received) {
                    if (closed || held.containsKey(lane)) {
                        surplus.add(delivery);
                    } else {
                        held.put(lane, delivery);
                    }
                }
                again = received.isEmpty() && awaiting > 0 && !closed;
                if (!again) {
                    polling.remove(lane);
                }
                notifyAll();
            }
            surplus.forEach(this::release);
        }
    }

    private void release(Delivery delivery) {
        try {
            queue.release(delivery);
        } catch (RuntimeException e) {
            // Left hidden, the message comes back when its visibility timeout ends.
            log.warn("Could not hand back message {}: {}", delivery.messageId(), e.toString());
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
