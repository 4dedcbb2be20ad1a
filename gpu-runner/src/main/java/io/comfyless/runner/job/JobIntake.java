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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns queue messages into claimed jobs. Messages are at-least-once and may be stale, so each is
 * checked against the job store before anything runs: unknown, finished and superseded jobs are
 * dropped; a job still held by a runner whose lease lapsed is taken back; everything else is
 * claimed with a conditional write, so two runners never run the same attempt. A job whose tenant
 * already runs as many jobs as its tier allows is left pending and offered again a little later.
 */
public final class JobIntake {

    private static final Logger log = LoggerFactory.getLogger(JobIntake.class);
    /** How long a job of a tenant at its running limit waits before a runner looks at it again. */
    static final Duration TENANT_BUSY_DEFERRAL = Duration.ofSeconds(5);

    private final RunnerContext context;
    private final LaneSchedule schedule = new LaneSchedule();

    public JobIntake(RunnerContext context) {
        this.context = context;
    }

    /** One polling cycle over the lanes; empty when nothing claimable arrived. */
    public Optional<ClaimedJob> next() {
        List<Lane> order = schedule.next();
        for (int i = 0; i < order.size(); i++) {
            Duration wait = i == order.size() - 1 ? context.config().idleWait() : Duration.ZERO;
            for (Delivery delivery : context.queue()
                    .receive(order.get(i), 1, wait, context.config().visibility())) {
                Optional<ClaimedJob> claimed = claim(delivery);
                if (claimed.isPresent()) {
                    return claimed;
                }
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
        Optional<Job> stored = context.store().find(message.jobId());
        if (stored.isEmpty()) {
            return drop(delivery, "job " + message.jobId() + " does not exist");
        }
        Job job = stored.get();
        Instant now = context.clock().instant();
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
        String promptId = UUID.randomUUID().toString();
        Optional<Job> claimed;
        try {
            claimed =
                    context.store().claim(job, holder, now.plus(context.config().lease()), promptId, now);
        } catch (TenantBusyException busy) {
            // The tenant runs as many jobs as its tier allows: offer the message again a little later.
            log.debug("Deferring {}: {}", job.id(), busy.getMessage());
            context.queue().postpone(delivery, TENANT_BUSY_DEFERRAL);
            return Optional.empty();
        }
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
        return Optional.of(new ClaimedJob(claimed.get(), delivery, holder, promptId));
    }

    private Optional<ClaimedJob> drop(Delivery delivery, String why) {
        log.info("Dropping message {}: {}", delivery.messageId(), why);
        context.queue().delete(delivery);
        return Optional.empty();
    }
}
