package io.comfyless.core.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long a running job still needs, from what was observed of this very job: the step rate of the
 * node that reports steps (a sampler), the time the nodes already finished took, and, when there is
 * one, how long this workflow usually runs. An estimate is never negative, and is empty rather than
 * a guess when nothing has been observed yet: a completion time in the past, or a remaining time of
 * zero for a job a third done, helps nobody.
 */
public final class EtaEstimator {

    /**
     * What a runner has seen of one prompt so far.
     *
     * @param finishedNodes nodes executed or served from cache
     * @param cachedNodes   of those, the ones served from cache, which took no time
     * @param nodeStartedAt when the node now running began; null between nodes
     * @param step          the current node's last reported step; 0 when it reported none
     * @param totalSteps    the current node's step count; 0 when it reports no steps
     * @param stepAt        when {@code step} was reported; null when no step was
     * @param typical       how long this workflow took on average before, when known
     */
    public record Observation(
            Instant startedAt,
            int totalNodes,
            int finishedNodes,
            int cachedNodes,
            Instant nodeStartedAt,
            long step,
            long totalSteps,
            Instant stepAt,
            Optional<Duration> typical) {}

    private EtaEstimator() {}

    /** The runner's estimate at {@code now}, from everything it observed. */
    public static Optional<Duration> remaining(Observation seen, Instant now) {
        Duration elapsed = nonNegative(Duration.between(seen.startedAt(), now));
        if (seen.totalSteps() > 0 && seen.step() > 0 && seen.stepAt() != null && seen.nodeStartedAt() != null) {
            return Optional.of(fromSteps(seen, now));
        }
        Optional<Duration> fromHistory = seen.typical().flatMap(typical -> fromHistory(elapsed, typical));
        if (fromHistory.isPresent()) {
            return fromHistory;
        }
        int executable = seen.totalNodes() - seen.cachedNodes();
        int executed = seen.finishedNodes() - seen.cachedNodes();
        if (executable <= 0 || executed <= 0) {
            return Optional.empty();
        }
        return fromFraction(elapsed, Math.min(1.0, (double) executed / executable));
    }

    /**
     * An estimate read back at {@code now}: the runner's last estimate less the time since it was made,
     * while that is still ahead; then the workflow's history; then the job's own rate so far.
     */
    public static Optional<Duration> atRequest(
            Progress progress, Instant startedAt, Instant now, Optional<Duration> typical) {
        if (progress != null && progress.etaSeconds() != null && progress.updatedAt() != null) {
            Duration left = Duration.ofSeconds(progress.etaSeconds())
                    .minus(nonNegative(Duration.between(progress.updatedAt(), now)));
            if (positive(left)) {
                return Optional.of(left);
            }
        }
        Duration elapsed = nonNegative(Duration.between(startedAt, now));
        Optional<Duration> fromHistory = typical.flatMap(t -> fromHistory(elapsed, t));
        if (fromHistory.isPresent()) {
            return fromHistory;
        }
        if (progress == null || progress.percentage() <= 0 || progress.percentage() >= 100) {
            return Optional.empty();
        }
        return fromFraction(elapsed, progress.percentage() / 100.0).filter(EtaEstimator::positive);
    }

    /**
     * The rest of the stepping node at its observed pace, then the nodes after it at the average pace
     * of the nodes this job already ran.
     */
    static Duration fromSteps(Observation seen, Instant now) {
        Duration perStep = nonNegative(Duration.between(seen.nodeStartedAt(), seen.stepAt()))
                .dividedBy(seen.step());
        Duration inNode = nonNegative(perStep.multipliedBy(Math.max(0, seen.totalSteps() - seen.step()))
                .minus(nonNegative(Duration.between(seen.stepAt(), now))));
        int nodesAfter = Math.max(0, seen.totalNodes() - seen.finishedNodes() - 1);
        int executedBefore = seen.finishedNodes() - seen.cachedNodes();
        Duration perNode = executedBefore <= 0
                ? Duration.ZERO
                : nonNegative(Duration.between(seen.startedAt(), seen.nodeStartedAt()))
                        .dividedBy(executedBefore);
        return inNode.plus(perNode.multipliedBy(nodesAfter));
    }

    /** What remains of the usual run time; empty once the job has run past it. */
    static Optional<Duration> fromHistory(Duration elapsed, Duration typical) {
        Duration left = typical.minus(elapsed);
        return positive(left) ? Optional.of(left) : Optional.empty();
    }

    /** At the pace so far: {@code fraction} of the work took {@code elapsed}. */
    static Optional<Duration> fromFraction(Duration elapsed, double fraction) {
        if (fraction <= 0) {
            return Optional.empty();
        }
        double seconds = elapsed.toMillis() / 1000.0 * (1 - fraction) / fraction;
        return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    /** Whole seconds, rounded up, so that a job with any time left never shows zero. */
    public static long seconds(Duration remaining) {
        return (remaining.toMillis() + 999) / 1000;
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
