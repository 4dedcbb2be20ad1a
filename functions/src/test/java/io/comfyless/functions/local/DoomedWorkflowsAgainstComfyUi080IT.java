package io.comfyless.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.core.catalog.S3NodeCatalogStore;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.aws.LocalResources;
import io.comfyless.testkit.comfyui.Recorded080;
import io.comfyless.testkit.fixtures.SharedFolder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Submission against the node catalogue recorded from ComfyUI 0.8.0, the version runners pin; plus what holds before
 * any catalogue is published, and for custom nodes once a runner that has them publishes.
 */
class DoomedWorkflowsAgainstComfyUi080IT extends DoomedWorkflowsAtSubmission {

    @Override
    byte[] objectInfo() {
        return Recorded080.objectInfo()
                .orElseThrow(
                        () -> new IllegalStateException(SharedFolder.require(Recorded080.OBJECT_INFO) + " unreadable"))
                .toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    String comfyuiVersion() {
        return "0.8.0";
    }

    @Test
    void beforeAnyRunnerPublishedTheStructureIsCheckedAndTheAnswerSaysSo() {
        try (ResourceStack fresh = ResourceStack.start(Map.of())) {
            HttpCalls.Reply accepted = fresh.http.post(
                    "/v1/workflows/execute", execute(MODEL_FREE.replace("\"ImageInvert\"", "\"NoSuchNode\"")));

            assertThat(accepted.status()).isEqualTo(202);
            assertThat(accepted.json().get("validation").asText()).isEqualTo("structural");
        }
    }

    @Test
    void aCustomNodeIsAcceptedOnceARunnerThatHasItPublishes() {
        LocalResources resources = AwsEmulator.freshResources();
        RuntimeConfig config = RuntimeConfig.from(resources.environment()::get);
        String withCustomNode = "{\"MyUpscaler\": {\"input\": {\"required\": {\"image\": [\"IMAGE\", {}],"
                + " \"factor\": [\"INT\", {\"min\": 1, \"max\": 4}]}}, \"output\": [\"IMAGE\"]},"
                + new String(objectInfo(), StandardCharsets.UTF_8).substring(1);
        String usingIt = MODEL_FREE.replace(
                "\"class_type\": \"ImageInvert\", \"inputs\": {\"image\": [\"1\", 0]}",
                "\"class_type\": \"MyUpscaler\", \"inputs\": {\"image\": [\"1\", 0], \"factor\": 2}");
        try (AwsClients aws = new AwsClients(config)) {
            new S3NodeCatalogStore(aws.s3(), config.bucket(), Clock.systemUTC())
                    .publish("0.8.0", withCustomNode.getBytes(StandardCharsets.UTF_8), "runner-with-custom-nodes");
        }
        try (ResourceStack custom = ResourceStack.start(resources, Map.of())) {
            assertThat(stack.http
                            .post("/v1/workflows/execute", execute(usingIt))
                            .status())
                    .isEqualTo(400);

            HttpCalls.Reply accepted = custom.http.post("/v1/workflows/execute", execute(usingIt));

            assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);
            assertThat(custom.http
                            .post("/v1/workflows/execute", execute(usingIt.replace("\"factor\": 2", "\"factor\": 9")))
                            .json()
                            .get("details")
                            .get(0)
                            .get("input")
                            .asText())
                    .isEqualTo("factor");
        }
    }

    @Test
    void anInputImageAtALoopbackAddressIsRefusedAtSubmission() {
        String workflow = """
                {"1": {"class_type": "LoadImage", "inputs": {"image": "https://127.0.0.1/cat.png"}},
                 "2": {"class_type": "SaveImage", "inputs": {"images": ["1", 0], "filename_prefix": "x"}}}
                """;

        HttpCalls.Reply reply = refused(execute(workflow));

        names(onlyDetail(reply), "1", "image");
        assertThat(onlyDetail(reply).get("code").asText()).isEqualTo("URL_NOT_ALLOWED");
    }
}
