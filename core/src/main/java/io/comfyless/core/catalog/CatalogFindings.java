package io.comfyless.core.catalog;

import io.comfyless.core.error.ErrorDetail;
import java.util.List;

/**
 * What checking a workflow against a node catalogue found: every problem as a detail naming node and input, and,
 * in the shape of a 400 answer's extra lists, the node types the catalogue lacks and the links that cannot work.
 */
public record CatalogFindings(
        List<ErrorDetail> problems, List<String> missingNodeTypes, List<InvalidConnection> invalidConnections) {

    public CatalogFindings {
        problems = List.copyOf(problems);
        missingNodeTypes = List.copyOf(missingNodeTypes);
        invalidConnections = List.copyOf(invalidConnections);
    }

    public boolean clean() {
        return problems.isEmpty();
    }
}
