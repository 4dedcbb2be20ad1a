package io.comfyless.testkit.comfyui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * §2.4: interrupts take effect at node boundaries and, in samplers, at each step, and end the prompt as an error. The
 * conformance suite ({@link ComfyUiConformance}) shows a node that is not a sampler running to its end.
 */
class InterruptIT extends DoubleTestBase {

    @Test
    void anInterruptDuringASamplerLikeNodeStopsItAtTheNextStep() {
        comfy.faults().sample(NodeTarget.ofClass("ImageInvert"), 50, Duration.ofMillis(100));
        try (WsClient ws = connect("java-1")) {
            String promptId = http.submit(Prompts.invertAndSave("interrupt/steps"), "java-1");
            ws.awaitMessage(m -> m.get("type").asText().equals("progress")
                    && m.at("/data/node").asText().equals("2"));

            assertThat(http.post("/interrupt", "").statusCode()).isEqualTo(200);
            ws.awaitFinished(promptId);

            JsonNode interrupted =
                    ws.awaitMessage("execution_interrupted", promptId).get("data");
            assertThat(interrupted.get("node_id").asText()).isEqualTo("2");
            assertThat(interrupted.get("node_type").asText()).isEqualTo("ImageInvert");
            assertThat(interrupted.get("executed").toString()).isEqualTo("[\"1\"]");
            assertThat(ws.forPrompt(promptId))
                    .filteredOn(m -> m.get("type").asText().equals("progress"))
                    .hasSizeLessThan(50);
        }
        JsonNode history = http.history(comfy.executions().startedPromptIds().get(0));
        assertThat(history.at("/status/status_str").asText()).isEqualTo("error");
        assertThat(history.at("/status/completed").asBoolean()).isFalse();
        assertThat(history.at("/status/messages/2/0").asText()).isEqualTo("execution_interrupted");
        assertThat(comfy.outputDir().resolve("interrupt")).doesNotExist();
    }

    @Test
    void anInterruptForAnotherPromptIdLeavesTheRunningPromptAlone() {
        comfy.faults().sample(NodeTarget.ofClass("ImageInvert"), 8, Duration.ofMillis(100));
        try (WsClient ws = connect("java-1")) {
            String promptId = http.submit(Prompts.invertAndSave("interrupt/other"), "java-1");
            ws.awaitMessage(m -> m.get("type").asText().equals("progress")
                    && m.at("/data/node").asText().equals("2"));

            http.post("/interrupt", "{\"prompt_id\": \"someone-else\"}");
            ws.awaitFinished(promptId);

            assertThat(http.history(promptId).at("/status/status_str").asText()).isEqualTo("success");
        }
    }

    @Test
    void anInterruptWithTheRunningPromptIdStopsIt() {
        comfy.faults().sample(NodeTarget.ofClass("ImageInvert"), 50, Duration.ofMillis(100));
        try (WsClient ws = connect("java-1")) {
            String promptId = http.submit(Prompts.invertAndSave("interrupt/own"), "java-1");
            ws.awaitMessage(m -> m.get("type").asText().equals("progress")
                    && m.at("/data/node").asText().equals("2"));

            http.post("/interrupt", "{\"prompt_id\": \"" + promptId + "\"}");
            ws.awaitFinished(promptId);

            assertThat(ws.awaitMessage("execution_interrupted", promptId)
                            .at("/data/node_id")
                            .asText())
                    .isEqualTo("2");
            assertThat(comfy.executions().finished(promptId))
                    .get()
                    .extracting(ExecutionLog.PromptRun::outcome)
                    .isEqualTo(ExecutionLog.Outcome.INTERRUPTED);
        }
    }

    @Test
    void anInterruptWhileIdleHasNoEffectOnTheNextPrompt() {
        assertThat(http.post("/interrupt", "{}").statusCode()).isEqualTo(200);

        String promptId = http.submit(Prompts.invertAndSave("interrupt/idle"), null);

        assertThat(awaitHistory(promptId).at("/status/status_str").asText()).isEqualTo("success");
    }
}
