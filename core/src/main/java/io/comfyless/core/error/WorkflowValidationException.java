package io.comfyless.core.error;

import io.comfyless.core.catalog.InvalidConnection;
import java.util.List;

/**
 * The workflow graph is broken (missing inputs, dangling links, limits, node types or values ComfyUI would refuse):
 * nothing was queued. Besides the details, the node types the runners lack and the links that cannot work are listed
 * apart, as the 400 answer shows them.
 */
public final class WorkflowValidationException extends ValidationException {

    private final transient List<String> missingNodeTypes;
    private final transient List<InvalidConnection> invalidConnections;

    public WorkflowValidationException(List<ErrorDetail> details) {
        this(details, List.of(), List.of());
    }

    public WorkflowValidationException(
            List<ErrorDetail> details, List<String> missingNodeTypes, List<InvalidConnection> invalidConnections) {
        super("Workflow validation failed: " + summary(details), details);
        this.missingNodeTypes = List.copyOf(missingNodeTypes);
        this.invalidConnections = List.copyOf(invalidConnections);
    }

    public List<String> missingNodeTypes() {
        return missingNodeTypes;
    }

    public List<InvalidConnection> invalidConnections() {
        return invalidConnections;
    }

    private static String summary(List<ErrorDetail> details) {
        String first = details.get(0).message();
        return details.size() == 1 ? first : first + " (and " + (details.size() - 1) + " more)";
    }
}
