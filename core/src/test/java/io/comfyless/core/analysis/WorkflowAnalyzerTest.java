package io.comfyless.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.json.Json;
import io.comfyless.core.model.ModelEntry;
import io.comfyless.core.model.ModelPath;
import io.comfyless.core.model.ModelStore;
import io.comfyless.core.workflow.ValidationRules;
import io.comfyless.core.workflow.WorkflowValidator;
import io.comfyless.testkit.fixtures.SeedRequests;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkflowAnalyzerTest {

    private final Map<ModelPath, ModelEntry> stored = new HashMap<>();
    private final WorkflowAnalyzer analyzer =
            new WorkflowAnalyzer(new WorkflowValidator(ValidationRules.defaults()), new MapStore());

    private static JsonNode seed000Workflow() {
        return Json.read(SeedRequests.taskSubmit()).get("payload");
    }

    @Test
    void seed000sWorkflowIsValidAndMissesItsCheckpointWhileTheStoreLacksIt() {
        WorkflowAnalysis analysis = analyzer.analyze(seed000Workflow(), "workflow");

        assertThat(analysis.valid()).isTrue();
        assertThat(analysis.errors()).isEmpty();
        assertThat(analysis.nodeCount()).isEqualTo(7);
        assertThat(analysis.nodeTypes()).containsEntry("CLIPTextEncode", 2).containsEntry("KSampler", 1);
        assertThat(analysis.requiredModels()).singleElement().satisfies(model -> {
            assertThat(model.path()).isEqualTo("checkpoints/flux1-dev-fp8.safetensors");
            assertThat(model.available()).isFalse();
            assertThat(model.nodeIds()).containsExactly("4");
        });
        assertThat(analysis.missingModels())
                .extracting(WorkflowAnalysis.Model::name)
                .containsExactly("flux1-dev-fp8.safetensors");
    }

    @Test
    void aModelInTheStoreIsAvailableWithItsSize() {
        ModelPath path = new ModelPath("checkpoints", "flux1-dev-fp8.safetensors");
        stored.put(path, new ModelEntry(path, path.key(), 1234, Instant.now(), null));

        WorkflowAnalysis analysis = analyzer.analyze(seed000Workflow(), "workflow");

        assertThat(analysis.missingModels()).isEmpty();
        assertThat(analysis.requiredModels()).singleElement().satisfies(model -> {
            assertThat(model.available()).isTrue();
            assertThat(model.sizeBytes()).isEqualTo(1234);
        });
    }

    @Test
    void anInvalidGraphIsReportedNotRefused() {
        JsonNode broken = Json.read("""
                {"1": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sd15.ckpt"}},
                 "2": {"class_type": "VAEDecode", "inputs": {"samples": ["7", 0], "vae": ["1", 2]}},
                 "3": {"class_type": "ExecuteCode", "inputs": {}}}
                """);

        WorkflowAnalysis analysis = analyzer.analyze(broken, "workflow");

        assertThat(analysis.valid()).isFalse();
        assertThat(analysis.errors())
                .extracting(ErrorDetail::code)
                .contains("LINK_TO_MISSING_NODE", "NODE_TYPE_BLOCKED");
        assertThat(analysis.requiredModels())
                .extracting(WorkflowAnalysis.Model::path)
                .containsExactly("checkpoints/sd15.ckpt");
    }

    @Test
    void aUiFormatExportIsInvalidWithAnExplanation() {
        WorkflowAnalysis analysis = analyzer.analyze(Json.read("{\"nodes\": [], \"links\": []}"), "workflow");

        assertThat(analysis.valid()).isFalse();
        assertThat(analysis.errors()).extracting(ErrorDetail::code).containsExactly("UI_FORMAT_WORKFLOW");
    }

    @Test
    void aMissingWorkflowIsStillABadRequest() {
        assertThatThrownBy(() -> analyzer.analyze(null, "workflow")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> analyzer.analyze(Json.read("[1]"), "workflow"))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void ratesComplexityByNodeCount() {
        assertThat(WorkflowAnalyzer.complexity(7)).isEqualTo("low");
        assertThat(WorkflowAnalyzer.complexity(25)).isEqualTo("medium");
        assertThat(WorkflowAnalyzer.complexity(60)).isEqualTo("high");
    }

    private final class MapStore implements ModelStore {
        @Override
        public List<ModelEntry> list(Optional<String> folder) {
            return List.copyOf(stored.values());
        }

        @Override
        public Optional<ModelEntry> find(ModelPath path) {
            return Optional.ofNullable(stored.get(path));
        }

        @Override
        public boolean delete(ModelPath path) {
            return stored.remove(path) != null;
        }

        @Override
        public InputStream open(ModelEntry entry) {
            throw new UnsupportedOperationException();
        }
    }
}
