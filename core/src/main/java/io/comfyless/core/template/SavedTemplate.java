package io.comfyless.core.template;

import io.comfyless.core.workflow.Workflow;
import java.time.Instant;
import java.util.List;

/**
 * A workflow a tenant saved under an id (the dashboard's saved workflows), so that requests and
 * schedules can name it as {@code workflow_id} instead of sending the graph.
 *
 * @param tags   words to find it by; empty when none
 * @param preset the preset whose models it needs; null when none was named
 */
public record SavedTemplate(
        String id,
        String tenant,
        String name,
        String description,
        String category,
        Workflow workflow,
        Instant createdAt,
        List<String> tags,
        String preset) {

    public SavedTemplate {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
