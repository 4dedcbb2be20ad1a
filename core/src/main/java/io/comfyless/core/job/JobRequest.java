package io.comfyless.core.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.workflow.Workflow;
import java.time.Instant;

/**
 * A validated submission, whatever API shape it arrived in: the workflow (normalised, overrides
 * applied, checked) and how to run and report it. {@code requestHash} identifies the request for
 * idempotency.
 */
public record JobRequest(
        Workflow workflow,
        Long seed,
        String workflowId,
        Priority priority,
        ExecutionConfig execution,
        Notification notification,
        JsonNode outputConfig,
        JsonNode metadata,
        String clientId,
        String requestHash) {

    /** A request for {@code workflow}; everything else is optional (normal priority, default limits). */
    public static Builder builder(Workflow workflow) {
        return new Builder(workflow);
    }

    /** Builds requests member by member, so that absent members are simply not named. */
    public static final class Builder extends JobChoicesBuilder<Builder> {
        private final Workflow workflow;
        private String requestHash;

        private Builder(Workflow workflow) {
            this.workflow = workflow;
        }

        @Override
        Builder self() {
            return this;
        }

        /** Identifies the request for idempotency: the same key with another hash is a conflict. */
        public Builder requestHash(String value) {
            requestHash = value;
            return this;
        }

        public JobRequest build() {
            return new JobRequest(
                    workflow,
                    seed,
                    workflowId,
                    priority,
                    execution,
                    notification,
                    outputConfig,
                    metadata,
                    clientId,
                    requestHash);
        }
    }

    /** A pending job carrying this request; callers add what only they know (idempotency key, batch, log). */
    public Job.Builder toJob(String id, String owner, Instant createdAt) {
        return Job.builder()
                .id(id)
                .owner(owner)
                .priority(priority)
                .workflowId(workflowId)
                .workflow(workflow)
                .metadata(metadata)
                .execution(execution)
                .notification(notification)
                .outputConfig(outputConfig)
                .seed(seed)
                .clientId(clientId)
                .createdAt(createdAt);
    }
}
