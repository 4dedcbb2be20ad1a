package io.comfyless.core.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.catalog.InvalidConnection;
import io.comfyless.core.catalog.NodeCatalog;
import io.comfyless.core.catalog.NodeCatalogSource;
import io.comfyless.core.catalog.ValidationLevel;
import io.comfyless.core.error.ApiException;
import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.error.UnprocessableWorkflowException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.error.WorkflowValidationException;
import io.comfyless.core.model.ModelEntry;
import io.comfyless.core.model.ModelPath;
import io.comfyless.core.model.ModelStore;
import io.comfyless.core.workflow.ModelReferences;
import io.comfyless.core.workflow.RequiredModel;
import io.comfyless.core.workflow.Workflow;
import io.comfyless.core.workflow.WorkflowNormalizer;
import io.comfyless.core.workflow.WorkflowValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Analyses a workflow with the very checks a submission meets ({@link WorkflowNormalizer},
 * {@link WorkflowValidator}), but reports what they find instead of refusing: an invalid graph is
 * an answer here, not an error. Only a request without a workflow object is a 400. A required
 * model is available when the store holds it or, once runners have published their node catalogue,
 * when a runner's ComfyUI lists it.
 */
public final class WorkflowAnalyzer {

    /** Lookups per analysis, so one request cannot turn into thousands of S3 calls. */
    static final int MAX_LOOKUPS = 50;

    private final WorkflowValidator validator;
    private final ModelStore models;
    private final NodeCatalogSource catalogs;

    public WorkflowAnalyzer(WorkflowValidator validator, ModelStore models) {
        this(validator, models, NodeCatalogSource.none());
    }

    /** @param catalogs the catalogue {@code validator} checks against, which also tells the models runners see */
    public WorkflowAnalyzer(WorkflowValidator validator, ModelStore models, NodeCatalogSource catalogs) {
        this.validator = validator;
        this.models = models;
        this.catalogs = catalogs;
    }

    public WorkflowAnalysis analyze(JsonNode workflowField, String field) {
        boolean isGraph = workflowField != null && workflowField.isObject();
        Workflow workflow;
        try {
            workflow = WorkflowNormalizer.normalize(workflowField, field);
        } catch (ValidationException | UnprocessableWorkflowException e) {
            if (!isGraph) {
                // No workflow object at all: the request is malformed, the same 400 a submission gets.
                throw e;
            }
            return new WorkflowAnalysis(
                    false,
                    details(e),
                    0,
                    Map.of(),
                    "low",
                    List.of(),
                    List.of(),
                    List.of(),
                    validator.level().wire(),
                    List.of(),
                    List.of());
        }
        List<ErrorDetail> errors = new ArrayList<>();
        List<String> missingNodeTypes = List.of();
        List<InvalidConnection> invalidConnections = List.of();
        ValidationLevel level = validator.level();
        try {
            level = validator.validate(workflow);
        } catch (WorkflowValidationException e) {
            errors.addAll(details(e));
            missingNodeTypes = e.missingNodeTypes();
            invalidConnections = e.invalidConnections();
        } catch (ValidationException | UnprocessableWorkflowException e) {
            errors.addAll(details(e));
        }
        Optional<NodeCatalog> catalog = catalogs.current();
        List<ErrorDetail> warnings = new ArrayList<>();
        List<WorkflowAnalysis.Model> required = new ArrayList<>();
        List<RequiredModel> references = ModelReferences.of(workflow);
        for (int i = 0; i < references.size(); i++) {
            RequiredModel reference = references.get(i);
            Optional<ModelPath> path = reference.path();
            if (path.isEmpty()) {
                warnings.add(ErrorDetail.node(
                        ErrorCodes.INVALID_MODEL_NAME,
                        reference.nodeIds().get(0),
                        null,
                        "Model name '" + reference.name() + "' is not a plain file path inside " + reference.folder()));
            }
            Optional<ModelEntry> stored =
                    path.isPresent() && i < MAX_LOOKUPS ? models.find(path.get()) : Optional.empty();
            required.add(new WorkflowAnalysis.Model(
                    reference.name(),
                    reference.folder(),
                    reference.folder(),
                    reference.relative(),
                    reference.nodeIds(),
                    stored.isPresent() || seenOnRunners(workflow, reference, catalog),
                    stored.map(ModelEntry::sizeBytes).orElse(null)));
        }
        if (references.size() > MAX_LOOKUPS) {
            warnings.add(ErrorDetail.field(
                    ErrorCodes.TOO_MANY_MODELS,
                    "workflow",
                    "Only the first " + MAX_LOOKUPS + " models were looked up in the store"));
        }
        List<WorkflowAnalysis.Model> missing =
                required.stream().filter(model -> !model.available()).toList();
        return new WorkflowAnalysis(
                errors.isEmpty(),
                errors,
                workflow.size(),
                nodeTypes(workflow),
                complexity(workflow.size()),
                required,
                missing,
                warnings,
                level.wire(),
                missingNodeTypes,
                invalidConnections);
    }

    /** Whether a loader of the model lists it in the runners' catalogue: their ComfyUI has the file. */
    private static boolean seenOnRunners(Workflow workflow, RequiredModel model, Optional<NodeCatalog> catalog) {
        if (catalog.isEmpty()) {
            return false;
        }
        for (String nodeId : model.nodeIds()) {
            Optional<String> classType = workflow.classType(nodeId);
            for (Map.Entry<String, JsonNode> input : workflow.inputs(nodeId).entrySet()) {
                if (classType.isPresent()
                        && input.getValue().isTextual()
                        && input.getValue().asText().equals(model.name())
                        && catalog.get().lists(classType.get(), input.getKey(), input.getValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<ErrorDetail> details(ApiException e) {
        return e.details().isEmpty()
                ? List.of(ErrorDetail.field(ErrorCodes.INVALID_WORKFLOW, "workflow", e.getMessage()))
                : e.details();
    }

    private static Map<String, Integer> nodeTypes(Workflow workflow) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String id : workflow.nodeIds()) {
            counts.merge(workflow.classType(id).orElse("(missing class_type)"), 1, Integer::sum);
        }
        return counts;
    }

    /** A rough guide, as seed 003 offers one: small graphs, typical text-to-image graphs, large pipelines. */
    static String complexity(int nodes) {
        if (nodes <= 10) {
            return "low";
        }
        return nodes <= 40 ? "medium" : "high";
    }
}
