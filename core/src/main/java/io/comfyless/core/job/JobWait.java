package io.comfyless.core.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Holds a read of a job until something about it happens or a wait ends. The API runs in Lambda,
 * where nothing can be pushed to a waiting request, so waiting means reading the job again with a
 * growing pause: {@link #FIRST_PAUSE}, then a quarter longer each time, up to {@link #LONGEST_PAUSE}
 * for a running job and {@link #LONGEST_PENDING_PAUSE} for one still in the queue, which cannot end
 * before a runner takes it. Each change of status starts the pauses over: a job that just started may
 * end soon. So a short job is seen finished soon after it finishes (reads 25, 56, 95, 144, 205 ms, ...
 * after it starts: a job of a tenth of a second is seen within 50 ms of its end, one of a second within
 * 300 ms), and the longest wait costs at most 60 consistent reads.
 */
final class JobWait {

    /** The longest wait a request may ask for: below API Gateway's 30-second limit, with room to answer. */
    static final Duration LONGEST = Duration.ofSeconds(25);

    static final Duration FIRST_PAUSE = Duration.ofMillis(25);
    static final Duration LONGEST_PAUSE = Duration.ofMillis(500);
    static final Duration LONGEST_PENDING_PAUSE = Duration.ofSeconds(1);

    private final JobStore store;
    private final Clock clock;

    JobWait(JobStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Reads the job until {@code done} holds for it or {@code wait} has passed since {@code first} was
     * read; returns the last read.
     */
    Job until(Job first, Duration wait, Predicate<Job> done) {
        Instant deadline = clock.instant().plus(wait);
        Job current = first;
        Duration pause = FIRST_PAUSE;
        while (!done.test(current)) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return current;
            }
            if (!sleep(pause.compareTo(left) < 0 ? pause : left)) {
                return current;
            }
            Optional<Job> read = store.find(first.id());
            if (read.isEmpty()) {
                return current;
            }
            pause = nextPause(pause, current.status(), read.get().status());
            current = read.get();
        }
        return current;
    }

    /** The pause after a read that found the job {@code now}, having found it {@code before} the time before. */
    static Duration nextPause(Duration pause, JobStatus before, JobStatus now) {
        if (now != before) {
            return FIRST_PAUSE;
        }
        Duration longest = now == JobStatus.PENDING ? LONGEST_PENDING_PAUSE : LONGEST_PAUSE;
        Duration longer = pause.multipliedBy(5).dividedBy(4);
        return longer.compareTo(longest) > 0 ? longest : longer;
    }

    /** Whether a client watching {@code before} would see {@code after} as a change: its status or its progress. */
    static boolean changed(Job before, Job after) {
        return before.status() != after.status() || !Objects.equals(before.progress(), after.progress());
    }

    private static boolean sleep(Duration pause) {
        try {
            Thread.sleep(Math.max(1, pause.toMillis()));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
