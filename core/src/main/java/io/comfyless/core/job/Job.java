package io.comfyless.core.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.workflow.Workflow;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One execution of a workflow: what to run, for whom, and where it stands. Immutable; state
 * changes go through {@link JobStore}, which applies them with conditional writes.
 *
 * @param owner      the tenant the job belongs to; every read is scoped to it
 * @param attempt    1 for the first run, raised each time the job goes back to the queue
 * @param seed       the seed the run uses, when it can be told (drawn for {@code -1})
 * @param error      why the job failed, or why its last attempt ended while it waits for the next; none once
 *                   completed
 * @param attemptFailures why each earlier attempt ended, oldest first
 * @param version    raised on every write; lets readers tell fresh from stale copies
 * @param metrics    what the completed run used; {@link JobMetrics#NONE} until it completes
 */
public record Job(
        String id,
        String owner,
        JobStatus status,
        Priority priority,
        String workflowId,
        Workflow workflow,
        JsonNode metadata,
        ExecutionConfig execution,
        Notification notification,
        JsonNode outputConfig,
        Long seed,
        int attempt,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant completedAt,
        Progress progress,
        String workerId,
        Instant leaseUntil,
        boolean cancelRequested,
        List<JobOutput> outputs,
        JobFailure error,
        List<LogEntry> logs,
        String batchId,
        String retriedFrom,
        String clientId,
        String idempotencyKey,
        String promptId,
        List<AttemptFailure> attemptFailures,
        long version,
        JobMetrics metrics) {

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(createdAt, "createdAt");
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        logs = logs == null ? List.of() : List.copyOf(logs);
        attemptFailures = attemptFailures == null ? List.of() : List.copyOf(attemptFailures);
        metrics = metrics == null ? JobMetrics.NONE : metrics;
    }

    public Lane lane() {
        return priority.lane();
    }

    /** Whether a retryable failure may send the job back to the queue once more. */
    public boolean hasAttemptsLeft() {
        return attempt < execution.maxAttempts();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds jobs field by field; unset collections are empty, unset attempt is 1. */
    public static final class Builder extends JobChoicesBuilder<Builder> {
        private String id;
        private String owner;
        private JobStatus status = JobStatus.PENDING;
        private Workflow workflow;
        private int attempt = 1;
        private Instant createdAt;
        private Instant updatedAt;
        private Instant startedAt;
        private Instant completedAt;
        private Progress progress;
        private String workerId;
        private Instant leaseUntil;
        private boolean cancelRequested;
        private List<JobOutput> outputs = List.of();
        private JobFailure error;
        private List<LogEntry> logs = List.of();
        private List<AttemptFailure> attemptFailures = List.of();
        private String batchId;
        private String retriedFrom;
        private String idempotencyKey;
        private String promptId;
        private long version;
        private JobMetrics metrics;

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        private Builder(Job job) {
            id = job.id;
            owner = job.owner;
            status = job.status;
            priority = job.priority;
            workflowId = job.workflowId;
            workflow = job.workflow;
            metadata = job.metadata;
            execution = job.execution;
            notification = job.notification;
            outputConfig = job.outputConfig;
            seed = job.seed;
            attempt = job.attempt;
            createdAt = job.createdAt;
            updatedAt = job.updatedAt;
            startedAt = job.startedAt;
            completedAt = job.completedAt;
            progress = job.progress;
            workerId = job.workerId;
            leaseUntil = job.leaseUntil;
            cancelRequested = job.cancelRequested;
            outputs = job.outputs;
            error = job.error;
            logs = job.logs;
            attemptFailures = job.attemptFailures;
            batchId = job.batchId;
            retriedFrom = job.retriedFrom;
            clientId = job.clientId;
            idempotencyKey = job.idempotencyKey;
            promptId = job.promptId;
            version = job.version;
            metrics = job.metrics;
        }

        public Builder id(String value) {
            id = value;
            return this;
        }

        public Builder owner(String value) {
            owner = value;
            return this;
        }

        public Builder status(JobStatus value) {
            status = value;
            return this;
        }

        public Builder workflow(Workflow value) {
            workflow = value;
            return this;
        }

        public Builder attempt(int value) {
            attempt = value;
            return this;
        }

        public Builder createdAt(Instant value) {
            createdAt = value;
            return this;
        }

        public Builder updatedAt(Instant value) {
            updatedAt = value;
            return this;
        }

        public Builder startedAt(Instant value) {
            startedAt = value;
            return this;
        }

        public Builder completedAt(Instant value) {
            completedAt = value;
            return this;
        }

        public Builder progress(Progress value) {
            progress = value;
            return this;
        }

        public Builder workerId(String value) {
            workerId = value;
            return this;
        }

        public Builder leaseUntil(Instant value) {
            leaseUntil = value;
            return this;
        }

        public Builder cancelRequested(boolean value) {
            cancelRequested = value;
            return this;
        }

        public Builder outputs(List<JobOutput> value) {
            outputs = value;
            return this;
        }

        public Builder error(JobFailure value) {
            error = value;
            return this;
        }

        public Builder attemptFailures(List<AttemptFailure> value) {
            attemptFailures = value;
            return this;
        }

        public Builder logs(List<LogEntry> value) {
            logs = value;
            return this;
        }

        public Builder batchId(String value) {
            batchId = value;
            return this;
        }

        public Builder retriedFrom(String value) {
            retriedFrom = value;
            return this;
        }

        public Builder idempotencyKey(String value) {
            idempotencyKey = value;
            return this;
        }

        public Builder promptId(String value) {
            promptId = value;
            return this;
        }

        public Builder version(long value) {
            version = value;
            return this;
        }

        public Builder metrics(JobMetrics value) {
            metrics = value;
            return this;
        }

        public Job build() {
            return new Job(
                    id,
                    owner,
                    status,
                    priority,
                    workflowId,
                    workflow,
                    metadata,
                    execution,
                    notification,
                    outputConfig,
                    seed,
                    attempt,
                    createdAt,
                    updatedAt == null ? createdAt : updatedAt,
                    startedAt,
                    completedAt,
                    progress,
                    workerId,
                    leaseUntil,
                    cancelRequested,
                    outputs,
                    error,
                    logs,
                    batchId,
                    retriedFrom,
                    clientId,
                    idempotencyKey,
                    promptId,
                    attemptFailures,
                    version,
                    metrics);
        }
    }
}
