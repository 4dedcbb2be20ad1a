package io.comfyless.core.events;

import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobPreview;
import io.comfyless.core.job.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells another {@link JobEvents} on a thread of its own, in the order things happened: the writer does
 * not wait for EventBridge or the webhooks queue (a runner between a job's claim and its prompt; the API
 * between a job's row and its queue message, which it sends meanwhile, then {@link #flush}es).
 * Changes that pile up while one call is out go together in the next {@code changedAll}, which the
 * listeners send in as few calls as they can. Best effort, like every listener: {@link #close()} delivers
 * what is waiting, for up to {@link #CLOSE_WAIT}; a process that dies first loses it.
 */
public final class BackgroundJobEvents implements JobEvents, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundJobEvents.class);
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    /** Beyond this many waiting, new ones are dropped with a warning rather than held without bound. */
    private static final int CAPACITY = 10_000;

    private record Progressed(Job job, Progress progress) {}

    private record Previewed(Job job, JobPreview preview) {}

    private static final Object STOP = new Object();

    private final JobEvents listener;
    private final BlockingQueue<Object> waiting = new LinkedBlockingQueue<>(CAPACITY);
    private final Thread sender;
    /** How many events were handed in, and how many of those are done with; guarded by {@code this}. */
    private long offered;

    private long done;

    public BackgroundJobEvents(JobEvents listener) {
        this.listener = listener;
        this.sender = new Thread(this::send, "job-events");
        sender.setDaemon(true);
        sender.start();
    }

    @Override
    public void changed(JobChange change) {
        offer(change);
    }

    @Override
    public void changedAll(List<JobChange> changes) {
        changes.forEach(this::offer);
    }

    @Override
    public void progressed(Job job, Progress progress) {
        offer(new Progressed(job, progress));
    }

    @Override
    public void previewed(Job job, JobPreview preview) {
        offer(new Previewed(job, preview));
    }

    /**
     * Waits until every event handed in so far has been delivered (or given up on), for up to
     * {@code atMost}: the API calls it before answering, since Lambda may freeze the process after.
     */
    public void flush(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        synchronized (this) {
            long target = offered;
            while (done < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.warn("{} job events still undelivered after {}", target - done, atMost);
                    return;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Delivers what is waiting (for up to {@link #CLOSE_WAIT}), then stops. */
    @Override
    public void close() {
        try {
            waiting.put(STOP);
            sender.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (sender.isAlive()) {
            log.warn("{} job events were not delivered before shutdown", waiting.size());
            sender.interrupt();
        }
    }

    private void offer(Object event) {
        synchronized (this) {
            if (!waiting.offer(event)) {
                log.warn("Dropping a job event: {} are waiting to be delivered", CAPACITY);
                return;
            }
            offered++;
        }
    }

    private synchronized void delivered(int count) {
        done += count;
        notifyAll();
    }

    private void send() {
        List<Object> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(waiting.take());
            } catch (InterruptedException e) {
                return;
            }
            waiting.drainTo(batch);
            List<JobChange> changes = new ArrayList<>();
            for (Object event : batch) {
                if (event instanceof JobChange change) {
                    changes.add(change);
                    continue;
                }
                deliver(changes);
                changes.clear();
                if (event == STOP) {
                    return;
                }
                if (event instanceof Progressed progressed) {
                    each(() -> listener.progressed(progressed.job(), progressed.progress()));
                } else if (event instanceof Previewed previewed) {
                    each(() -> listener.previewed(previewed.job(), previewed.preview()));
                }
                delivered(1);
            }
            deliver(changes);
            batch.clear();
        }
    }

    private void deliver(List<JobChange> changes) {
        if (changes.size() == 1) {
            JobChange change = changes.get(0);
            each(() -> listener.changed(change));
        } else if (!changes.isEmpty()) {
            List<JobChange> all = List.copyOf(changes);
            each(() -> listener.changedAll(all));
        }
        delivered(changes.size());
    }

    private void each(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("Job event listener failed: {}", e.toString());
        }
    }
}
