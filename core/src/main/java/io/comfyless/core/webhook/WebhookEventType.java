package io.comfyless.core.webhook;

import io.comfyless.core.events.JobChange;
import io.comfyless.core.job.JobStatus;
import java.util.Optional;

/**
 * The events a job's webhook receives. Each has seed 002's name ({@code execution.*}, sent as
 * {@code event_type}) and seed 001's ({@code workflow.*}, sent as {@code event}).
 */
public enum WebhookEventType {
    STARTED("execution.started", "workflow.started"),
    PROGRESS("execution.progress", "workflow.progress"),
    COMPLETED("execution.completed", "workflow.completed"),
    FAILED("execution.failed", "workflow.failed"),
    CANCELLED("execution.cancelled", "workflow.cancelled");

    private final String name;
    private final String seed001Name;

    WebhookEventType(String name, String seed001Name) {
        this.name = name;
        this.seed001Name = seed001Name;
    }

    public String wire() {
        return name;
    }

    public String seed001Name() {
        return seed001Name;
    }

    /**
     * The webhook a state change earns, if any. Going back to pending (a retry after a lost runner
     * or a spot interruption) is not the client's business; the next start is.
     */
    public static Optional<WebhookEventType> of(JobChange change) {
        JobStatus to = change.to();
        if (to == JobStatus.RUNNING) {
            return Optional.of(STARTED);
        }
        if (to == JobStatus.COMPLETED) {
            return Optional.of(COMPLETED);
        }
        if (to == JobStatus.FAILED) {
            return Optional.of(FAILED);
        }
        if (to == JobStatus.CANCELLED) {
            return Optional.of(CANCELLED);
        }
        return Optional.empty();
    }
}
