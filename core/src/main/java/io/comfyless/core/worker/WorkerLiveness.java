package io.comfyless.core.worker;

import java.time.Duration;
import java.time.Instant;

/**
 * Tells a live runner from one that went silent. A runner reports every five seconds; one that has
 * not reported for {@link #SILENCE_LIMIT} (three missed reports) is shown as {@link WorkerState#GONE}
 * without a current job, whatever its record last said: a runner killed outright (SIGKILL, a lost
 * spot instance) never gets to say so itself. Its record stays readable until it expires, so an
 * operator can see what went away; counts of capacity take only live runners.
 */
public final class WorkerLiveness {

    public static final Duration SILENCE_LIMIT = Duration.ofSeconds(15);

    private WorkerLiveness() {}

    /** The worker as it should be shown at {@code now}. */
    public static Worker asSeenAt(Worker worker, Instant now) {
        if (!worker.heartbeatAt().plus(SILENCE_LIMIT).isBefore(now)) {
            return worker;
        }
        return new Worker(
                worker.id(),
                WorkerState.GONE,
                worker.instanceType(),
                worker.capacity(),
                null,
                worker.jobsCompleted(),
                worker.jobsFailed(),
                worker.startedAt(),
                worker.heartbeatAt(),
                worker.gpuName(),
                worker.gpuMemoryTotal(),
                worker.gpuMemoryFree(),
                worker.comfyuiVersion());
    }
}
