package io.comfyless.runner.job;

import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobFailure;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.Lane;
import io.comfyless.core.job.LeaseHolder;
import io.comfyless.core.queue.Delivery;
import io.comfyless.core.queue.QueueMessage;
import io.comfyless.core.tenant.TenantBusyException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns queue messages into claimed jobs, highest waiting priority first and no lane starved.
 *
 * <p>While jobs wait, each call looks at the lanes in {@link LaneSchedule}'s order and takes the
 * first message any of them has at once. When every lane is empty it watches all of them together
 * ({@link LanePolls}: one long poll per lane), so a job on any lane starts as soon as it arrives; it
 * watches again without first asking each lane once more, until something comes.
 *
 * <p>Messages are at-least-once and may be stale. The common case, a pending job's current attempt,
 * is claimed with one conditional write from what the message says; only when that write is refused
 * (or the message names no owner) is the job read to find out why: unknown, finished and superseded
 * jobs are dropped; a job still held by a runner whose lease lapsed is taken back. Two runners never
 * run the same attempt. A job whose tenant already runs as many jobs as its tier allows is left
 * pending and offered again a little later.
 */
public final class JobIntake implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobIntake.class);
    /** How long a job of a tenant at its running limit waits before a runner looks at it again. */
    static final Duration TENANT_BUSY_DEFERRAL = Duration.ofSeconds(5);

    private final RunnerContext context;
    private final LaneSchedule schedule = new LaneSchedule();
    private final LanePolls polls;
    /** False after a watch of every lane ended empty: asking each lane again at once would be wasted. */
    private boolean askLanesFirst = true;

    public JobIntake(RunnerContext context) {
        this.context = context;
        this.polls = new LanePolls(
                context.queue(), context.config().idleWait(), context.config().visibility());
    }

    /**
     * The next job to run: at once when one is waiting, otherwise the first to arrive within the idle
     * wait; empty when none came.
     */
    public Optional<ClaimedJob> next() throws InterruptedException {
        Optional<ClaimedJob> claimed = pass(askLanesFirst);
        if (claimed.isEmpty()) {
            boolean arrived = polls.await(context.config().idleWait());
            askLanesFirst = arrived;
            if (arrived) {
                claimed = pass(false);
            }
        }
        return claimed;
    }

    /**
     * Hands back messages the lane watch brought in but nobody took: called when the runner has no room,
     * so another runner can start them.
     */
    public void releaseHeld() {
        polls.releaseHeld();
    }

    /** Whether a long poll of {@code lane} is out now. */
    boolean watching(Lane lane) {
        return polls.watching(lane);
    }

    /** Stops watching the lanes; waits for polls in flight and hands back whatever they bring. */
    @Override
    public void close() {
        polls.close(context.config().idleWait().plusSeconds(5));
    }

    /**
     * One look at the lanes in the schedule's order: a held message first, else (if {@code ask}) the lane
     * itself, unless a poll of it is still out and would bring what arrives there anyway.
     */
    private Optional<ClaimedJob> pass(boolean ask) {
        for (Lane lane : schedule.next()) {
            Optional<Delivery> delivery = polls.take(lane);
            if (delivery.isEmpty() && ask && !polls.watching(lane)) {
                delivery = context
                        .queue()
                        .receive(lane, 1, Duration.ZERO, context.config().visibility())
                        .stream()
                        .findFirst();
            }
            Optional<ClaimedJob> claimed = delivery.flatMap(this::claim);
            if (claimed.isPresent()) {
                askLanesFirst = true;
                return claimed;
            }
        }
        return Optional.empty();
    }

    Optional<ClaimedJob> claim(Delivery delivery) {
        if (delivery.message().isEmpty()) {
            log.warn(
                    "Unreadable message {} on the {} lane (receive {}); leaving it for the dead-letter queue",
                    delivery.messageId(),
                    delivery.lane(),
                    delivery.receiveCount());
            context.queue().release(delivery);
            return Optional.empty();
        }
        QueueMessage message = delivery.message().get();
        Instant now = context.clock().instant();
        try {
            if (message.owner() != null) {
                LeaseHolder holder = new LeaseHolder(context.config().workerId(), message.attempt());
                Optional<ClaimedJob> claimed = claimAs(message.jobId(), message.owner(), holder, delivery, now);
                if (claimed.isPresent()) {
                    return claimed;
                }
            }
            return claimAfterReading(delivery, message, now);
        } catch (TenantBusyException busy) {
            // The tenant runs as many jobs as its tier allows: offer the message again a little later.
            log.debug("Deferring {}: {}", message.jobId(), busy.getMessage());
            context.queue().postpone(delivery, TENANT_BUSY_DEFERRAL);
            return Optional.empty();
        }
    }

    /** The slow path: the message's attempt could not simply be claimed, so the job is read to see why. */
    private Optional<ClaimedJob> claimAfterReading(Delivery delivery, QueueMessage message, Instant now) {
        Optional<Job> stored = context.store().find(message.jobId());
        if (stored.isEmpty()) {
            return drop(delivery, "job " + message.jobId() + " does not exist");
        }
        Job job = stored.get();
        if (job.status().isTerminal()) {
            return drop(
                    delivery, "job " + job.id() + " is already " + job.status().wire());
        }
        if (message.attempt() < job.attempt()) {
            return drop(delivery, "message for attempt " + message.attempt() + " of " + job.id() + " is superseded");
        }
        if (job.status() == JobStatus.RUNNING) {
            if (job.leaseUntil() == null || job.leaseUntil().isAfter(now)) {
                return drop(delivery, "job " + job.id() + " is being run by " + job.workerId());
            }
            Optional<Job> reclaimed = context.store().reclaimLapsed(job, now);
            if (reclaimed.isEmpty() || reclaimed.get().status() != JobStatus.PENDING) {
                return drop(
                        delivery, "job " + job.id() + " could not be taken over from lost runner " + job.workerId());
            }
            log.info(
                    "Took {} over from lost runner {}; running attempt {}",
                    job.id(),
                    job.workerId(),
                    reclaimed.get().attempt());
            job = reclaimed.get();
        }
        if (job.attempt() > job.execution().maxAttempts()) {
            context.store()
                    .failPending(job, JobFailure.of(JobFailure.Codes.WORKER_LOST, "No attempts left", false), now);
            return drop(delivery, "job " + job.id() + " has no attempts left");
        }
        LeaseHolder holder = new LeaseHolder(context.config().workerId(), job.attempt());
        Optional<ClaimedJob> claimed = claimAs(job.id(), job.owner(), holder, delivery, now);
        if (claimed.isEmpty()) {
            Job current = context.store().find(job.id()).orElse(job);
            if (current.status() == JobStatus.PENDING && !current.cancelRequested()) {
                context.queue().release(delivery);
                return Optional.empty();
            }
            return drop(
                    delivery,
                    "job " + job.id() + " is " + current.status().wire() + " (claimed elsewhere or cancelled)");
        }
        return claimed;
    }

    private Optional<ClaimedJob> claimAs(
            String jobId, String owner, LeaseHolder holder, Delivery delivery, Instant now) {
        String promptId = UUID.randomUUID().toString();
        return context.store()
                .claim(jobId, owner, holder, now.plus(context.config().lease()), promptId, now)
                .map(job -> new ClaimedJob(job, delivery, holder, promptId));
    }

    private Optional<ClaimedJob> drop(Delivery delivery, String why) {
        log.info("Dropping message {}: {}", delivery.messageId(), why);
        context.queue().delete(delivery);
        return Optional.empty();
    }
}
