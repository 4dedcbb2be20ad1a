package io.comfyless.testkit.comfyui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fault-injection API: slow nodes, failing nodes, dropped WebSockets, crashes and restarts. */
class FaultInjectionIT extends DoubleTestBase {

    @Test
    void anInjectedExceptionBecomesExecutionErrorAndAnErrorHistory() {
        comfy.faults().fail(NodeTarget.ofClass("ImageInvert"), "RuntimeError", "boom");
        try (WsClient ws = connect("java-1")) {
            String promptId = http.submit(Prompts.invertAndSave("fault/error"), "java-1");
            ws.awaitFinished(promptId);

            List<String> tail = ws.types()
                    .subList(
                            ws.types().indexOf("execution_cached") + 1,
                            ws.types().size());
            assertThat(tail)
                    .containsExactly(
                            "progress_state",
                            "executing",
                            "progress_state",
                            "progress_state",
                            "executing",
                            "execution_error",
                            "status",
                            "executing");
            JsonNode error = ws.awaitMessage("execution_error", promptId).get("data");
            assertThat(error.get("node_id").asText()).isEqualTo("2");
            assertThat(error.get("node_type").asText()).isEqualTo("ImageInvert");
            assertThat(error.get("executed").toString()).isEqualTo("[\"1\"]");
            assertThat(error.get("exception_message").asText()).isEqualTo("boom\n");
            assertThat(error.get("exception_type").asText()).isEqualTo("RuntimeError");
            assertThat(error.get("traceback").isArray()).isTrue();
            assertThat(error.get("traceback").size()).isPositive();
            assertThat(error.at("/current_inputs/image/0").asText()).contains("[1, 32, 64, 3]");
            assertThat(error.has("current_outputs")).isTrue();
            JsonNode history = http.history(promptId);
            assertThat(history.at("/status/status_str").asText()).isEqualTo("error");
            assertThat(history.at("/status/completed").asBoolean()).isFalse();
            assertThat(history.at("/status/messages/2/0").asText()).isEqualTo("execution_error");
        }
    }

    @Test
    void aSamplingNodeReportsEachStepThenItsPreviewLikeKSampler() {
        comfy.faults().sample(NodeTarget.ofClass("ImageInvert"), 4, Duration.ofMillis(20));
        try (WsClient plain = connect("plain");
                WsClient rich = connect("rich")) {
            rich.send("{\"type\": \"feature_flags\", \"data\": {\"supports_preview_metadata\": true}}");
            rich.awaitMessage(m -> m.get("type").asText().equals("feature_flags"));
            plain.awaitFinished(http.submit(Prompts.invertAndSave("fault/sample-plain"), "plain"));
            // Another colour: the same inputs would come from the cache and run no step.
            String promptId = http.submit(Prompts.invertAndSave(0x123456, "fault/sample-rich"), "rich");
            rich.awaitFinished(promptId);

            assertThat(rich.forPrompt(promptId))
                    .filteredOn(m -> m.get("type").asText().equals("progress"))
                    .extracting(m -> m.at("/data/value").asInt() + "/"
                            + m.at("/data/max").asInt())
                    .containsExactly("1/4", "2/4", "3/4", "4/4");
            assertThat(plain.binaryFrames()).hasSize(4).allSatisfy(frame -> {
                ByteBuffer legacy = ByteBuffer.wrap(frame);
                assertThat(legacy.getInt()).as("PREVIEW_IMAGE").isEqualTo(1);
                assertThat(legacy.getInt()).as("JPEG").isEqualTo(1);
            });
            assertThat(rich.binaryFrames()).hasSize(4);
            ByteBuffer withMetadata = ByteBuffer.wrap(rich.binaryFrames().get(3));
            assertThat(withMetadata.getInt()).as("PREVIEW_IMAGE_WITH_METADATA").isEqualTo(4);
            byte[] json = new byte[withMetadata.getInt()];
            withMetadata.get(json);
            JsonNode metadata = ComfyHttp.parse(new String(json, StandardCharsets.UTF_8));
            assertThat(metadata.get("prompt_id").asText()).isEqualTo(promptId);
            assertThat(metadata.get("node_id").asText()).isEqualTo("2");
        }
    }

    @Test
    void aFailOnceFaultFailsOnlyTheNextRun() {
        comfy.faults().failOnce(NodeTarget.ofNode("3"), "OSError", "disk full");
        String failed = http.submit(Prompts.invertAndSave("fault/once"), null);
        assertThat(awaitHistory(failed).at("/status/status_str").asText()).isEqualTo("error");

        String retried = http.submit(Prompts.invertAndSave("fault/once"), null);

        assertThat(awaitHistory(retried).at("/status/status_str").asText()).isEqualTo("success");
        assertThat(comfy.executions().nodeRuns(retried))
                .extracting(ExecutionLog.NodeRun::nodeId)
                .containsExactly("3");
    }

    @Test
    void aDelayedNodeIsSlowAndQuietLikeANodeThatIsNotASampler() {
        comfy.faults().delay(NodeTarget.ofClass("ImageInvert"), Duration.ofMillis(300));
        try (WsClient ws = connect("java-1")) {
            String promptId = http.submit(Prompts.invertAndSave("fault/slow"), "java-1");
            ws.awaitFinished(promptId);

            assertThat(ws.types()).doesNotContain("progress");
            assertThat(ws.binaryFrames()).isEmpty();
            assertThat(http.history(promptId).at("/status/status_str").asText()).isEqualTo("success");
        }
    }

    @Test
    void aNodeInStepsReportsProgressAfterEachStepLikeASampler() {
        comfy.faults().sample(NodeTarget.ofClass("ImageInvert"), 4, Duration.ofMillis(20));
        try (WsClient ws = connect("java-1")) {
            String promptId = http.submit(Prompts.invertAndSave("fault/steps"), "java-1");
            ws.awaitFinished(promptId);

            assertThat(ws.forPrompt(promptId))
                    .filteredOn(m -> m.get("type").asText().equals("progress"))
                    .extracting(m -> m.at("/data/value").asInt() + "/"
                            + m.at("/data/max").asInt() + "@"
                            + m.at("/data/node").asText())
                    .containsExactly("1/4@2", "2/4@2", "3/4@2", "4/4@2");
            assertThat(ws.binaryFrames()).hasSize(4);
        }
    }

    @Test
    void droppedWebSocketsDoNotStopTheRunWhichHistoryRecordsAsSuccess() {
        comfy.faults().dropWebSocketsAt(NodeTarget.ofClass("SaveImage"));
        try (WsClient ws = connect("java-1")) {
            String promptId = http.submit(Prompts.invertAndSave("fault/drop"), "java-1");

            // Judged on the server: the JDK client sometimes leaves a peer-closed socket in CLOSE-WAIT unnoticed.
            await().atMost(WsClient.TIMEOUT)
                    .until(() -> comfy.executions().nodeRuns(promptId).size() == 3);
            assertThat(comfy.connectedWebSockets()).isZero();
            JsonNode history = awaitHistory(promptId);

            assertThat(ws.forPrompt(promptId))
                    .extracting(m -> m.get("type").asText())
                    .doesNotContain("execution_success");
            assertThat(history.at("/status/status_str").asText()).isEqualTo("success");
            assertThat(history.at("/outputs/3/images/0/filename").asText()).isEqualTo("drop_00001_.png");
            assertThat(comfy.outputDir().resolve("fault/drop_00001_.png")).exists();
        }
        try (WsClient again = connect("java-1")) {
            assertThat(again.types()).containsExactly("status");
        }
    }

    @Test
    void aCrashCutsSocketsRefusesHttpAndLosesTheRunningPrompt() {
        comfy.faults().crashAt(NodeTarget.ofClass("ImageInvert"));
        try (WsClient ws = connect("java-1")) {
            String promptId = http.submit(Prompts.invertAndSave("fault/crash"), "java-1");

            await().atMost(WsClient.TIMEOUT)
                    .until(() -> comfy.executions().finished(promptId).isPresent());

            assertThat(comfy.isRunning()).isFalse();
            assertThat(comfy.connectedWebSockets()).isZero();
            assertThatThrownBy(() -> http.get("/prompt"))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(ConnectException.class);
            assertThat(comfy.executions().finished(promptId))
                    .get()
                    .extracting(ExecutionLog.PromptRun::outcome)
                    .isEqualTo(ExecutionLog.Outcome.CRASHED);
            assertThat(comfy.executions().nodeRuns(promptId))
                    .extracting(ExecutionLog.NodeRun::nodeId)
                    .containsExactly("1");
            assertThat(ws.forPrompt(promptId))
                    .extracting(m -> m.get("type").asText())
                    .doesNotContain("execution_success", "execution_error");
        }
        assertThat(comfy.outputDir().resolve("fault")).doesNotExist();
    }

    @Test
    void aRestartComesBackOnTheSamePortWithEmptyQueueAndHistoryAndACounterFromZero() {
        String done = http.submit(Prompts.invertAndSave(1, "restart/done"), null);
        awaitHistory(done);
        comfy.faults().delay(NodeTarget.ofClass("ImageInvert"), Duration.ofSeconds(10));
        String running = http.submit(Prompts.invertAndSave(2, "restart/running"), null);
        String pending = http.submit(Prompts.invertAndSave(3, "restart/pending"), null);
        await().atMost(WsClient.TIMEOUT).until(() -> comfy.executions().timesStarted(running) == 1);
        int port = comfy.port();

        comfy.crash();
        comfy.faults().clear();
        comfy.restart();

        assertThat(comfy.isRunning()).isTrue();
        assertThat(comfy.port()).isEqualTo(port);
        assertThat(http.getJson("/history").size()).isZero();
        assertThat(http.getJson("/history/" + done).size()).isZero();
        assertThat(http.getJson("/queue").toString()).isEqualTo("{\"queue_running\":[],\"queue_pending\":[]}");
        assertThat(comfy.executions().timesStarted(pending)).isZero();
        JsonNode fresh = ComfyHttp.parse(
                http.postPrompt(Prompts.invertAndSave("restart/fresh"), null).body());
        assertThat(fresh.get("number").asInt()).isZero();
        assertThat(awaitHistory(fresh.get("prompt_id").asText())
                        .at("/status/status_str")
                        .asText())
                .isEqualTo("success");
        assertThat(comfy.executions().timesStarted(pending)).isZero();
        try (WsClient ws = connect("after-restart")) {
            assertThat(ws.messages().get(0).at("/data/sid").asText()).isEqualTo("after-restart");
        }
    }
}
