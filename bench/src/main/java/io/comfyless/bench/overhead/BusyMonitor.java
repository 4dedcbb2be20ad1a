package io.comfyless.bench.overhead;

import io.comfyless.runner.comfyui.ComfyEvent;
import io.comfyless.runner.comfyui.ComfyUiSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Watches when ComfyUI has work, from the {@code status} message it broadcasts to every WebSocket
 * after each change of its queue ({@code queue_remaining}: the prompt running plus those waiting).
 * ComfyUI is busy while that number is above zero. This works the same on every ComfyUI version
 * and on the protocol double, and for prompts from any client, which the per-prompt messages do not.
 */
final class BusyMonitor implements AutoCloseable {

    private record Change(long nanos, int queued) {}

    /** Busy time within a window, and the idle stretches between busy ones. */
    record Busy(Duration busy, List<Duration> idleGaps) {}

    private final ComfyUiSocket socket;
    private final List<Change> changes = new ArrayList<>();

    BusyMonitor(URI comfyuiUrl) {
        this.socket = new ComfyUiSocket(comfyuiUrl, "bench-monitor-" + UUID.randomUUID(), this::accept, () -> {});
        if (!socket.connect(Duration.ofSeconds(10))) {
            throw new IllegalStateException("Cannot open ComfyUI's WebSocket at " + comfyuiUrl);
        }
    }

    private synchronized void accept(ComfyEvent event) {
        if (event instanceof ComfyEvent.Status status) {
            changes.add(new Change(System.nanoTime(), status.queueRemaining()));
        }
    }

    /**
     * Between {@code from} and {@code to} ({@link System#nanoTime()}): how long ComfyUI had work, and
     * each idle stretch that lay between two busy ones (the time before the first prompt and after the
     * last is not a gap between jobs).
     */
    synchronized Busy between(long from, long to) {
        long busy = 0;
        List<Duration> gaps = new ArrayList<>();
        int queued = 0;
        long since = from;
        Long idleSince = null;
        for (Change change : changes) {
            if (change.nanos() <= from) {
                queued = change.queued();
                continue;
            }
            if (change.nanos() > to) {
                break;
            }
            if (queued > 0) {
                busy += change.nanos() - since;
            }
            if (queued == 0 && change.queued() > 0 && idleSince != null) {
                gaps.add(Duration.ofNanos(change.nanos() - idleSince));
            } else if (queued > 0 && change.queued() == 0) {
                idleSince = change.nanos();
            }
            queued = change.queued();
            since = change.nanos();
        }
        if (queued > 0) {
            busy += to - since;
        }
        return new Busy(Duration.ofNanos(busy), gaps);
    }

    /** Waits until ComfyUI's queue is empty, so the next measurement starts from rest. */
    void awaitIdle(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                if (changes.isEmpty() || changes.get(changes.size() - 1).queued() == 0) {
                    return;
                }
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
