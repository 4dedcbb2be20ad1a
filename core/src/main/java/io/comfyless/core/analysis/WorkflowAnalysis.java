package io.comfyless.core.analysis;

import io.comfyless.core.catalog.InvalidConnection;
import io.comfyless.core.error.ErrorDetail;
import java.util.List;
import java.util.Map;

/**
 * What ComfyLess can tell about a workflow without running it (seed 003's "Analyze Workflow"):
 * whether it would be accepted, its shape, the model files it loads and which of them the model
 * store lacks.
 *
 * @param errors    why it would be refused; empty when {@code valid}
 * @param nodeTypes node count per class type, in first-seen order
 * @param complexity {@code low}, {@code medium} or {@code high}, from the node count
 * @param validation {@code structural}, or {@code catalog} once runners have published their node catalogue
 */
public record WorkflowAnalysis(
        boolean valid,
        List<ErrorDetail> errors,
        int nodeCount,
        Map<String, Integer> nodeTypes,
        String complexity,
        List<Model> requiredModels,
        List<Model> missingModels,
        List<ErrorDetail> warnings,
        String validation,
        List<String> missingNodeTypes,
        List<InvalidConnection> invalidConnections) {

    public WorkflowAnalysis {
        errors = List.copyOf(errors);
        missingNodeTypes = List.copyOf(missingNodeTypes);
        invalidConnections = List.copyOf(invalidConnections);
        nodeTypes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(nodeTypes));
        requiredModels = List.copyOf(requiredModels);
        missingModels = List.copyOf(missingModels);
        warnings = List.copyOf(warnings);
    }

    /**
     * One model file the workflow loads.
     *
     * @param type      the folder, under the name seed 003 gives it
     * @param available whether the model store holds it or a runner's ComfyUI lists it
     * @param sizeBytes its size in the store; null when it is not there
     */
    public record Model(
            String name,
            String folder,
            String type,
            String path,
            List<String> nodeIds,
            boolean available,
            Long sizeBytes) {

        public Model {
            nodeIds = List.copyOf(nodeIds);
        }
    }
}
