package io.comfyless.core.job;

import io.comfyless.core.queue.JobQueue;
import io.comfyless.core.queue.QueueMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts lost jobs back on track; run every minute (the reaper function) and by the local stack.
 * A running job whose lease lapsed lost its runner: it goes back to the queue as the next attempt,
 * or fails when it has none left. A pending job whose queue message was never confirmed sent
 * (the API died between its two writes) gets its message now.
 */
public final class JobReaper {

    private static final Logger log = LoggerFactory.getLogger(JobReaper.class);
    private static final int BATCH = 100;

    private final JobStore store;
    private final JobQueue queue;
    private final Clock clock;

    public JobReaper(JobStore store, JobQueue queue, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.clock = clock;
    }

    /** What one sweep did. */
    public record Sweep(int reclaimed, int failed, int resent) {}

    public Sweep sweep() {
        Instant now = clock.instant();
        int reclaimed = 0;
        int failed = 0;
        int resent = 0;
        for (Job lapsed : store.expiredLeases(now, BATCH)) {
            Optional<Job> after = store.reclaimLapsed(lapsed, now);
            if (after.isEmpty()) {
                continue;
            }
            if (after.get().status() == JobStatus.FAILED) {
                failed++;
                log.warn("Job {} failed: its runner {} was lost on the last attempt", lapsed.id(), lapsed.workerId());
            } else {
                reclaimed++;
                log.info(
                        "Job {} reclaimed from lost runner {}; attempt {} queued",
                        lapsed.id(),
                        lapsed.workerId(),
                        after.get().attempt());
                resent += send(after.get()) ? 1 : 0;
            }
        }
        for (Job unsent : store.unconfirmedEnqueues(now, BATCH)) {
            resent += send(unsent) ? 1 : 0;
        }
        return new Sweep(reclaimed, failed, resent);
    }

    private boolean send(Job job) {
        try {
            queue.send(job.lane(), QueueMessage.of(job));
            store.markEnqueued(job);
            return true;
        } catch (RuntimeException e) {
            log.warn("Could not queue {} yet; next sweep retries: {}", job.id(), e.toString());
            return false;
        }
    }
}
