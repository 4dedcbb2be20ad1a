package io.comfyless.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.json.Json;
import io.comfyless.core.workflow.Workflow;
import io.comfyless.core.workflow.WorkflowNormalizer;
import io.comfyless.testkit.aws.ProjectRoot;
import io.comfyless.testkit.comfyui.Recorded080;
import io.comfyless.testkit.fixtures.SharedFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Workflows checked against the node catalogue recorded from ComfyUI 0.8.0 (the shared folder's comfyui/0.8.0/). */
class CatalogCheckTest {

    private static final NodeCatalog COMFYUI_080 = NodeCatalog.parse(Json.read(Recorded080.objectInfo()
            .orElseThrow(() ->
                    new IllegalStateException(SharedFolder.require(Recorded080.OBJECT_INFO) + " could not be read"))
            .toString()));

    private static final Set<String> STORED = Set.of("checkpoints/stored.safetensors");

    private final CatalogCheck check =
            new CatalogCheck(COMFYUI_080, (folder, name) -> STORED.contains(folder + "/" + name));

    static Workflow workflow(String json) {
        return WorkflowNormalizer.normalize((ObjectNode) Json.read(json.replace('\'', '"')), "workflow");
    }

    static Workflow sample(String name) throws IOException {
        return WorkflowNormalizer.normalize(
                Json.read(Files.readString(ProjectRoot.find().resolve("samples/workflows/" + name))), "workflow");
    }

    static final String MODEL_FREE = """
            {'1': {'class_type': 'EmptyImage', 'inputs': {'width': 64, 'height': 32, 'batch_size': 1, 'color': 255}},
             '2': {'class_type': 'ImageInvert', 'inputs': {'image': ['1', 0]}},
             '3': {'class_type': 'ImageScale', 'inputs': {'image': ['2', 0], 'upscale_method': 'nearest-exact',
                   'width': 128, 'height': 64, 'crop': 'disabled'}},
             '4': {'class_type': 'SaveImage', 'inputs': {'images': ['3', 0], 'filename_prefix': 'x'}}}
            """;

    @Test
    void aWorkflowComfyUiWouldRunPasses() throws IOException {
        assertThat(check.check(workflow(MODEL_FREE)).problems()).isEmpty();
        assertThat(check.check(sample("model_free_v1.json")).problems()).isEmpty();
    }

    @Test
    void anUnknownNodeTypeIsNamedAndListed() {
        CatalogFindings found = check.check(workflow(MODEL_FREE.replace("ImageInvert", "NoSuchNode")));

        assertThat(found.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo("UNKNOWN_NODE_TYPE");
            assertThat(problem.nodeId()).isEqualTo("2");
            assertThat(problem.message()).contains("NoSuchNode");
        });
        assertThat(found.missingNodeTypes()).containsExactly("NoSuchNode");
    }

    @Test
    void aNumberOutsideItsRangeIsNamedWithNodeAndInput() {
        CatalogFindings below = check.check(workflow(MODEL_FREE.replace("'width': 64", "'width': -64")));
        CatalogFindings above = check.check(workflow(MODEL_FREE.replace("'width': 64", "'width': 20000")));

        assertThat(below.problems())
                .extracting(ErrorDetail::code, ErrorDetail::nodeId, ErrorDetail::input)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("VALUE_BELOW_MIN", "1", "width"));
        assertThat(below.problems().get(0).message()).contains("-64", "smallest allowed is 1");
        assertThat(above.problems()).extracting(ErrorDetail::code).containsExactly("VALUE_ABOVE_MAX");
        assertThat(above.problems().get(0).message()).contains("largest allowed is 16384");
    }

    @Test
    void aFractionWhereComfyUiWantsAnIntegerIsRefused() {
        CatalogFindings found = check.check(workflow(MODEL_FREE.replace("'height': 32", "'height': 32.5")));

        assertThat(found.problems())
                .extracting(ErrorDetail::code, ErrorDetail::input)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("NOT_AN_INTEGER", "height"));
    }

    @Test
    void aNumericStringIsCheckedAsTheNumberComfyUiMakesOfIt() {
        assertThat(check.check(workflow(MODEL_FREE.replace("'width': 64", "'width': '64'")))
                        .problems())
                .isEmpty();
        assertThat(check.check(workflow(MODEL_FREE.replace("'width': 64", "'width': 'wide'")))
                        .problems())
                .extracting(ErrorDetail::code)
                .containsExactly("NOT_A_NUMBER");
    }

    @Test
    void aValueOutsideAListOfChoicesIsNamedWithTheChoices() {
        CatalogFindings found = check.check(workflow(MODEL_FREE.replace("nearest-exact", "magic")));

        assertThat(found.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo("VALUE_NOT_IN_LIST");
            assertThat(problem.nodeId()).isEqualTo("3");
            assertThat(problem.input()).isEqualTo("upscale_method");
            assertThat(problem.message()).contains("'magic'", "bilinear", "lanczos");
        });
    }

    @Test
    void aLinkIntoAnInputOfAnotherTypeIsAnInvalidConnection() {
        CatalogFindings found = check.check(workflow("""
                {'1': {'class_type': 'SolidMask', 'inputs': {'value': 1.0, 'width': 8, 'height': 8}},
                 '2': {'class_type': 'SaveImage', 'inputs': {'images': ['1', 0], 'filename_prefix': 'x'}}}
                """));

        assertThat(found.problems())
                .extracting(ErrorDetail::code, ErrorDetail::nodeId, ErrorDetail::input)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("TYPE_MISMATCH", "2", "images"));
        assertThat(found.invalidConnections())
                .containsExactly(new InvalidConnection(
                        "1",
                        0,
                        "MASK",
                        "2",
                        "images",
                        "IMAGE",
                        found.problems().get(0).message()));
    }

    @Test
    void aLinkToAnOutputTheSourceLacksIsAnInvalidConnection() {
        CatalogFindings found = check.check(workflow(MODEL_FREE.replace("'image': ['1', 0]", "'image': ['1', 3]")));

        assertThat(found.problems()).extracting(ErrorDetail::code).containsExactly("NO_SUCH_OUTPUT");
        assertThat(found.invalidConnections()).singleElement().satisfies(connection -> {
            assertThat(connection.fromNode()).isEqualTo("1");
            assertThat(connection.fromOutput()).isEqualTo(3);
            assertThat(connection.fromType()).isNull();
            assertThat(connection.toInput()).isEqualTo("image");
        });
    }

    @Test
    void aMissingRequiredInputIsNamed() {
        CatalogFindings found = check.check(workflow(MODEL_FREE.replace(", 'filename_prefix': 'x'", "")));

        assertThat(found.problems())
                .extracting(ErrorDetail::code, ErrorDetail::nodeId, ErrorDetail::input)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("REQUIRED_INPUT_MISSING", "4", "filename_prefix"));
    }

    @Test
    void aCheckpointNeitherOnTheRunnersNorInTheStoreIsMissingAndOneInTheStoreIsNot() throws IOException {
        Workflow missing = sample("text_to_image_v1.json");
        Workflow stored = workflow(Json.write(missing.toJson())
                .replaceAll("\"ckpt_name\":\"[^\"]+\"", "\"ckpt_name\":\"stored.safetensors\""));

        assertThat(check.check(missing).problems()).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo("MODEL_NOT_FOUND");
            assertThat(problem.nodeId()).isEqualTo("4");
            assertThat(problem.input()).isEqualTo("ckpt_name");
            assertThat(problem.message()).contains("models/checkpoints/");
        });
        assertThat(check.check(stored).problems()).isEmpty();
    }

    @Test
    void anUploadedImageIsNotRequiredToBeInLoadImagesList() {
        assertThat(check.check(workflow("""
                        {'1': {'class_type': 'LoadImage', 'inputs': {'image': 'inputs/tenant/f1/cat.png'}},
                         '2': {'class_type': 'SaveImage', 'inputs': {'images': ['1', 0], 'filename_prefix': 'x'}}}
                        """)).problems()).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        CatalogFindings found = check.check(workflow(MODEL_FREE
                .replace("'width': 64", "'width': -64")
                .replace("nearest-exact", "magic")
                .replace("ImageInvert", "NoSuchNode")));

        assertThat(found.problems()).extracting(ErrorDetail::nodeId).containsExactlyInAnyOrder("1", "2", "3");
    }

    @Test
    void theNewerSchemasDynamicInputsAreNotRequired() {
        assertThat(check.check(workflow("""
                        {'1': {'class_type': 'EmptyImage', 'inputs': {'width': 8, 'height': 8, 'batch_size': 1, 'color': 0}},
                         '2': {'class_type': 'PreviewAny', 'inputs': {'source': ['1', 0]}}}
                        """)).problems()).isEmpty();
    }
}
