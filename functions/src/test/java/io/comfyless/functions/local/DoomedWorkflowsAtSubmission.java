package io.comfyless.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.catalog.S3NodeCatalogStore;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.json.Json;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.aws.LocalResources;
import io.comfyless.testkit.aws.ProjectRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Workflows that ComfyUI would refuse are refused at {@code POST /v1/workflows/execute} with a 400 naming node and
 * input, before anything is queued, once a runner has published its ComfyUI's node catalogue. Run against the
 * catalogue of ComfyUI 0.8.0 (recorded) and that of the real older ComfyUI the tests can start (live).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DoomedWorkflowsAtSubmission {

    /** EmptyImage (1) into ImageInvert (2) into ImageScale (3) into SaveImage (4), with a SolidMask (5) aside. */
    static final String MODEL_FREE = """
            {"1": {"class_type": "EmptyImage", "inputs": {"width": 64, "height": 32, "batch_size": 1, "color": 255}},
             "2": {"class_type": "ImageInvert", "inputs": {"image": ["1", 0]}},
             "3": {"class_type": "ImageScale", "inputs": {"image": ["2", 0], "upscale_method": "nearest-exact",
                   "width": 128, "height": 64, "crop": "disabled"}},
             "4": {"class_type": "SaveImage", "inputs": {"images": ["3", 0], "filename_prefix": "doomed"}},
             "5": {"class_type": "SolidMask", "inputs": {"value": 1.0, "width": 8, "height": 8}}}
            """;

    ResourceStack stack;

    /** The {@code /object_info} body a runner's ComfyUI publishes. */
    abstract byte[] objectInfo();

    abstract String comfyuiVersion();

    @BeforeAll
    void publishAndStart() {
        LocalResources resources = AwsEmulator.freshResources();
        RuntimeConfig config = RuntimeConfig.from(resources.environment()::get);
        try (AwsClients aws = new AwsClients(config)) {
            new S3NodeCatalogStore(aws.s3(), config.bucket(), Clock.systemUTC())
                    .publish(comfyuiVersion(), objectInfo(), "runner-under-test");
        }
        stack = ResourceStack.start(resources, Map.of());
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static String execute(String workflow) {
        return "{\"workflow\": " + workflow + "}";
    }

    HttpCalls.Reply refused(String body) {
        HttpCalls.Reply reply = stack.http.post("/v1/workflows/execute", body);
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(400);
        assertThat(reply.json().has("request_id")).isTrue();
        return reply;
    }

    static JsonNode onlyDetail(HttpCalls.Reply reply) {
        assertThat(reply.json().get("details")).as(reply.raw().body()).hasSize(1);
        return reply.json().get("details").get(0);
    }

    static void names(JsonNode detail, String nodeId, String input) {
        assertThat(detail.path("node_id").asText()).as(detail.toString()).isEqualTo(nodeId);
        assertThat(detail.path("input").asText(null)).as(detail.toString()).isEqualTo(input);
    }

    @Test
    void aWorkflowComfyUiWouldRunIsAcceptedSayingItWasCheckedAgainstTheCatalogue() {
        HttpCalls.Reply accepted = stack.http.post("/v1/workflows/execute", execute(MODEL_FREE));

        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);
        assertThat(accepted.json().get("validation").asText()).isEqualTo("catalog");
    }

    @Test
    void anUnknownNodeTypeIsRefusedNamingTheNodeAndListingTheType() {
        HttpCalls.Reply reply = refused(execute(MODEL_FREE.replace("\"ImageInvert\"", "\"NoSuchNode\"")));

        assertThat(reply.json().get("error").asText()).isEqualTo("workflow_validation_failed");
        JsonNode detail = onlyDetail(reply);
        assertThat(detail.get("code").asText()).isEqualTo("UNKNOWN_NODE_TYPE");
        assertThat(detail.get("node_id").asText()).isEqualTo("2");
        assertThat(reply.json().get("missing_node_types").toString()).isEqualTo("[\"NoSuchNode\"]");
    }

    @Test
    void aWidthBelowItsMinimumIsRefusedNamingNodeAndInput() {
        JsonNode detail = onlyDetail(refused(execute(MODEL_FREE.replace("\"width\": 64", "\"width\": -64"))));

        assertThat(detail.get("code").asText()).isEqualTo("VALUE_BELOW_MIN");
        names(detail, "1", "width");
    }

    @Test
    void aValueOutsideAListOfChoicesIsRefusedNamingNodeAndInput() {
        JsonNode detail = onlyDetail(refused(execute(MODEL_FREE.replace("nearest-exact", "magic"))));

        assertThat(detail.get("code").asText()).isEqualTo("VALUE_NOT_IN_LIST");
        names(detail, "3", "upscale_method");
    }

    @Test
    void aCheckpointNeitherInTheModelStoreNorOnTheRunnersIsRefusedNamingNodeAndInput() throws IOException {
        String sample = Files.readString(ProjectRoot.find().resolve("samples/workflows/text_to_image_v1.json"));

        JsonNode detail = onlyDetail(refused(execute(sample)));

        assertThat(detail.get("code").asText()).isEqualTo("MODEL_NOT_FOUND");
        names(detail, "4", "ckpt_name");
        assertThat(detail.get("message").asText()).contains("v1-5-pruned-emaonly.safetensors");
    }

    @Test
    void aLinkIntoAnInputOfAnotherTypeIsRefusedAndListedAsAnInvalidConnection() {
        HttpCalls.Reply reply =
                refused(execute(MODEL_FREE.replace("\"images\": [\"3\", 0]", "\"images\": [\"5\", 0]")));

        names(onlyDetail(reply), "4", "images");
        JsonNode connection = reply.json().get("invalid_connections").get(0);
        assertThat(connection.get("from_node").asText()).isEqualTo("5");
        assertThat(connection.get("from_type").asText()).isEqualTo("MASK");
        assertThat(connection.get("to_node").asText()).isEqualTo("4");
        assertThat(connection.get("to_input").asText()).isEqualTo("images");
        assertThat(connection.get("expected_type").asText()).isEqualTo("IMAGE");
    }

    @Test
    void contentAfterTheBodyIsRefusedAsInvalidJson() {
        HttpCalls.Reply reply = refused(execute(MODEL_FREE) + " {\"also\": true}");

        assertThat(reply.json().get("error").asText()).isEqualTo("invalid_json");
        assertThat(reply.json().get("message").asText()).contains("unexpected content after the JSON value");
    }

    @Test
    void aWidthThatUnderflowsToZeroIsRefusedNamingNodeAndInput() {
        JsonNode detail = onlyDetail(refused(execute(MODEL_FREE.replace("\"width\": 64", "\"width\": 1e-400"))));

        names(detail, "1", "width");
        assertThat(detail.get("message").asText()).contains("too small");
    }

    @Test
    void aLinkWithAnOutputIndexThatIsNoIntegerIsRefusedNamingNodeAndInput() {
        for (String index : new String[] {"1e30", "0.5"}) {
            JsonNode detail = onlyDetail(
                    refused(execute(MODEL_FREE.replace("\"image\": [\"1\", 0]", "\"image\": [\"1\", " + index + "]"))));

            names(detail, "2", "image");
        }
    }

    @Test
    void aLinkToAnOutputTheSourceLacksIsRefused() {
        HttpCalls.Reply reply = refused(execute(MODEL_FREE.replace("\"image\": [\"1\", 0]", "\"image\": [\"1\", 4]")));

        names(onlyDetail(reply), "2", "image");
        assertThat(reply.json()
                        .get("invalid_connections")
                        .get(0)
                        .get("from_output")
                        .asInt())
                .isEqualTo(4);
    }

    @Test
    void analysisReportsWhatSubmissionWouldRefuse() {
        ObjectNode body = Json.object();
        body.set(
                "workflow",
                Json.read(MODEL_FREE
                        .replace("\"width\": 64", "\"width\": -64")
                        .replace("\"ImageInvert\"", "\"NoSuchNode\"")));

        HttpCalls.Reply analysis = stack.http.post("/v1/workflows/analyze", body.toString());

        assertThat(analysis.status()).isEqualTo(200);
        assertThat(analysis.json().get("valid").asBoolean()).isFalse();
        assertThat(analysis.json().get("validation").asText()).isEqualTo("catalog");
        assertThat(analysis.json().get("errors").findValuesAsText("node_id")).containsExactlyInAnyOrder("1", "2");
        assertThat(analysis.json().get("missing_node_types").toString()).isEqualTo("[\"NoSuchNode\"]");
    }
}
