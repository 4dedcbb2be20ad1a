package io.comfyless.core.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.workflow.Workflow;

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
}
