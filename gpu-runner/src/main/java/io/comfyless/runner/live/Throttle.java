package io.comfyless.runner.live;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Passes on at most one value per interval, never on the offering thread: the first value of a quiet
 * spell goes at once, and of a burst only the latest goes, when the interval since the last one ends.
 * So a value waits at most one interval, and nothing newer is ever held back by something older.
 */
final class Throttle<T> {

    /** Runs a task after a delay: a scheduled executor in the runner, by hand in tests. */
    interface Scheduler {
        void schedule(Runnable task, long delayNanos);
    }

    private final long intervalNanos;
    private final Scheduler scheduler;
    private final LongSupplier nanoTime;
    private final Consumer<T> sink;
    private T latest;
    private boolean scheduled;
    private long lastSentNanos;
    private boolean sentAny;

    Throttle(Duration interval, Scheduler scheduler, LongSupplier nanoTime, Consumer<T> sink) {
        this.intervalNanos = interval.toNanos();
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
        this.sink = sink;
    }

    synchronized void offer(T value) {
        latest = value;
        if (scheduled) {
            return;
        }
        scheduled = true;
        long wait = sentAny ? Math.max(0, lastSentNanos + intervalNanos - nanoTime.getAsLong()) : 0;
        scheduler.schedule(this::send, wait);
    }

    /** Sends what is waiting now, on the caller's thread (the job is ending: its last word must not lag). */
    void flush() {
        T value;
        synchronized (this) {
            value = take();
        }
        if (value != null) {
            sink.accept(value);
        }
    }

    /** Forgets what is waiting; a send already scheduled then finds nothing. */
    synchronized void discard() {
        latest = null;
    }

    private void send() {
        T value;
        synchronized (this) {
            scheduled = false;
            value = take();
        }
        if (value != null) {
            sink.accept(value);
        }
    }

    /** Takes the waiting value, marking the time it leaves; called holding the lock. */
    private T take() {
        T value = latest;
        latest = null;
        if (value != null) {
            lastSentNanos = nanoTime.getAsLong();
            sentAny = true;
        }
        return value;
    }
}
