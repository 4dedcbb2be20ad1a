package io.comfyless.core.error;

import java.util.List;

/** The workflow graph is broken (missing inputs, dangling links, limits): nothing was queued. */
public final class WorkflowValidationException extends ValidationException {

    public WorkflowValidationException(List<ErrorDetail> details) {
        super("Workflow validation failed: " + summary(details), details);
    }

    private static String summary(List<ErrorDetail> details) {
        String first = details.get(0).message();
        return details.size() == 1 ? first : first + " (and " + (details.size() - 1) + " more)";
    }
}
