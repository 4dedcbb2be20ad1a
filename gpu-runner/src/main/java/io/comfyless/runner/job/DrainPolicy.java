package io.comfyless.runner.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a running job should be handed back now rather than finished, when the runner has
 * {@code graceLeft} before it must be gone. A job that has reported enough progress is extrapolated
 * linearly; one that has not keeps running until the safety margin, which leaves time to interrupt
 * ComfyUI and release the job (the release itself takes well under a second).
 */
public final class DrainPolicy {

    static final Duration SAFETY_MARGIN = Duration.ofSeconds(3);
    private static final double MIN_PROGRESS_TO_EXTRAPOLATE = 5.0;

    private DrainPolicy() {}

    /**
     * Whether to hand {@code execution} back now: always for a job still waiting inside ComfyUI,
     * never for one already finished (it is only uploading), else by {@link #shouldHandBack}.
     */
    public static boolean handBack(JobExecution execution, Instant now, Duration graceLeft) {
        if (execution.tracker().outcome().isDone()) {
            return false;
        }
        Optional<Instant> started = execution.executionStartedAt();
        if (started.isEmpty()) {
            return true;
        }
        return shouldHandBack(Duration.between(started.get(), now), execution.percentage(), graceLeft);
    }

    static boolean shouldHandBack(Duration elapsed, double percentage, Duration graceLeft) {
        if (graceLeft.compareTo(SAFETY_MARGIN) <= 0) {
            return true;
        }
        if (percentage < MIN_PROGRESS_TO_EXTRAPOLATE) {
            return false;
        }
        double remainingMillis = elapsed.toMillis() * (100.0 - percentage) / percentage;
        return remainingMillis > graceLeft.minus(SAFETY_MARGIN).toMillis();
    }
}
