package io.comfyless.core.workflow;

import static io.comfyless.core.workflow.Graphs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comfyless.core.error.UnprocessableWorkflowException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.json.Json;
import io.comfyless.testkit.fixtures.SeedRequests;
import org.junit.jupiter.api.Test;

class WorkflowNormalizerTest {

    @Test
    void keepsApiFormatAsItIs() {
        Workflow workflow = WorkflowNormalizer.normalize(
                json("{'1': {'class_type': 'EmptyImage', 'inputs': {'width': 8}}}"), "workflow");

        assertThat(workflow.toJson()).isEqualTo(json("{'1': {'class_type': 'EmptyImage', 'inputs': {'width': 8}}}"));
    }

    @Test
    void unwrapsSeed002NodesAndMetadata() {
        var body = Json.read(SeedRequests.seed002Execute());

        Workflow workflow = WorkflowNormalizer.normalize(body.get("workflow"), "workflow");

        assertThat(workflow.nodeIds()).containsExactly("1", "2");
        assertThat(workflow.classType("2")).contains("KSampler");
        assertThat(workflow.inputs("2").get("noise"))
                .isEqualTo(json("{'l': ['3', 0]}").get("l"));
    }

    @Test
    void convertsSeed001InputListsToApiFormat() {
        var body = Json.read(SeedRequests.seed001Execute());

        Workflow workflow = WorkflowNormalizer.normalize(body.get("workflow"), "workflow");

        assertThat(workflow.toJson().get("3").get("inputs").get("seed").asLong())
                .isEqualTo(12345);
        assertThat(workflow.toJson().get("2").get("inputs").get("clip"))
                .isEqualTo(json("{'l': ['1', 1]}").get("l"));
        assertThat(workflow.toJson().get("1"))
                .isEqualTo(
                        json(
                                "{'class_type': 'CheckpointLoaderSimple', 'inputs': {'ckpt_name': 'v1-5-pruned-emaonly.ckpt'}}"));
    }

    @Test
    void acceptsAComfyUiPromptBody() {
        Workflow workflow = WorkflowNormalizer.normalize(
                json("{'client_id': 'x', 'prompt': {'1': {'class_type': 'EmptyImage', 'inputs': {}}}}"), "workflow");

        assertThat(workflow.nodeIds()).containsExactly("1");
    }

    @Test
    void turnsNumericLinkTargetsIntoNodeIds() {
        Workflow workflow = WorkflowNormalizer.normalize(
                json("{'1': {'class_type': 'A', 'inputs': {}},"
                        + " '2': {'class_type': 'B', 'inputs': {'x': [1, 0]}}}"),
                "workflow");

        assertThat(workflow.inputs("2").get("x").get(0).isTextual()).isTrue();
    }

    @Test
    void refusesUiFormatWithAMessageThatSaysHowToExport() {
        var ui = json("{'last_node_id': 9, 'nodes': [{'id': 1, 'type': 'KSampler'}], 'links': [], 'version': 0.4}");

        assertThatThrownBy(() -> WorkflowNormalizer.normalize(ui, "workflow"))
                .isInstanceOf(UnprocessableWorkflowException.class)
                .hasMessageContaining("UI-format")
                .hasMessageContaining("API");
    }

    @Test
    void refusesWrapperMetadataThatIsNotAnObject() {
        assertThatThrownBy(() -> WorkflowNormalizer.normalize(
                        json("{'nodes': {'1': {'class_type': 'EmptyImage', 'inputs': {}}}, 'metadata': [1]}"),
                        "workflow"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'workflow.metadata' must be a JSON object, got array");
        assertThat(WorkflowNormalizer.normalize(
                                json("{'nodes': {'1': {'class_type': 'EmptyImage', 'inputs': {}}}, 'metadata': null}"),
                                "workflow")
                        .nodeIds())
                .containsExactly("1");
    }

    @Test
    void rejectsMissingEmptyAndNonObjectWorkflows() {
        assertThatThrownBy(() -> WorkflowNormalizer.normalize(null, "workflow"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'workflow' is required");
        assertThatThrownBy(() -> WorkflowNormalizer.normalize(json("{}"), "workflow"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("no nodes");
        assertThatThrownBy(() -> WorkflowNormalizer.normalize(Json.read("[1, 2]"), "workflow"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> WorkflowNormalizer.normalize(json("{'1': 'KSampler'}"), "workflow"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Node '1'");
    }
}
