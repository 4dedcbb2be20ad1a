package io.comfyless.core.template;

import io.comfyless.core.workflow.Workflow;
import java.util.Optional;

/** Saved workflows a request can name instead of sending a graph (seed 000's {@code workflow_id}). */
public interface TemplateCatalog {

    Optional<Workflow> find(String owner, String templateId);
}
