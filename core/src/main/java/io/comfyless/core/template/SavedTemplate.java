package io.comfyless.core.template;

import io.comfyless.core.workflow.Workflow;
import java.time.Instant;

/**
 * A workflow a tenant saved under an id (seed 004's saved workflows), so that requests and
 * schedules can name it as {@code workflow_id} instead of sending the graph.
 */
public record SavedTemplate(
        String id,
        String tenant,
        String name,
        String description,
        String category,
        Workflow workflow,
        Instant createdAt) {}
