package io.comfyless.core.job;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The life of a job. Every allowed transition is in {@link #NEXT}; stores refuse any other.
 * {@code running -> pending} is a release: the runner died, was interrupted or hit a retryable
 * failure, and the job goes back to the queue with its attempt counter raised.
 */
public enum JobStatus {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    private static final Map<JobStatus, Set<JobStatus>> NEXT = Map.of(
            PENDING, EnumSet.of(RUNNING, CANCELLED, FAILED),
            RUNNING, EnumSet.of(COMPLETED, FAILED, CANCELLED, PENDING),
            COMPLETED, EnumSet.noneOf(JobStatus.class),
            FAILED, EnumSet.noneOf(JobStatus.class),
            CANCELLED, EnumSet.noneOf(JobStatus.class));

    public boolean canMoveTo(JobStatus next) {
        return NEXT.get(this).contains(next);
    }

    /** The statuses a job may be in to move to this one: what a store's write to it must expect. */
    public Set<JobStatus> predecessors() {
        Set<JobStatus> from = EnumSet.noneOf(JobStatus.class);
        for (JobStatus status : values()) {
            if (status.canMoveTo(this)) {
                from.add(status);
            }
        }
        return from;
    }

    public boolean isTerminal() {
        return NEXT.get(this).isEmpty();
    }

    /** The lower-case name used on the wire and in storage. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<JobStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst();
    }

    public static String allowedValues() {
        return String.join(", ", Arrays.stream(values()).map(JobStatus::wire).toList());
    }
}
