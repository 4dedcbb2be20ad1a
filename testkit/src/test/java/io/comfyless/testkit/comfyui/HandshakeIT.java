package io.comfyless.testkit.comfyui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** §3 handshake: {@code status} with {@code sid} first, invented ids, no replay, reconnect during a run. */
class HandshakeIT extends DoubleTestBase {

    @Test
    void theFirstFrameIsStatusCarryingTheClientsIdAndTheQueueSize() {
        try (WsClient ws = connect("java-1")) {
            JsonNode first = ws.messages().get(0);

            assertThat(first.get("type").asText()).isEqualTo("status");
            assertThat(first.at("/data/sid").asText()).isEqualTo("java-1");
            assertThat(first.at("/data/status/exec_info/queue_remaining").asInt())
                    .isZero();
        }
    }

    @Test
    void withoutAClientIdTheServerInventsA32HexId() {
        try (WsClient ws = WsClient.connect(comfy.webSocketUri(null))) {
            assertThat(ws.messages().get(0).at("/data/sid").asText()).matches("[0-9a-f]{32}");
        }
    }

    @Test
    void aClientThatConnectsLateGetsNoReplayOfEarlierPrompts() {
        String early;
        try (WsClient first = connect("early")) {
            early = http.submit(Prompts.invertAndSave("late/a"), "early");
            first.awaitFinished(early);
        }
        try (WsClient late = connect("late")) {
            String own = http.submit(Prompts.invertAndSave(255, "late/b"), "late");
            late.awaitFinished(own);

            assertThat(late.types().get(0)).isEqualTo("status");
            assertThat(late.forPrompt(early)).isEmpty();
            assertThat(late.forPrompt(own)).isNotEmpty();
        }
    }

    @Test
    void aClientReconnectingDuringItsRunIsToldTheRunningNodeAndTakesOverTheMessages() {
        comfy.faults().delay(NodeTarget.ofNode("2"), Duration.ofSeconds(2));
        try (WsClient first = connect("java-1")) {
            String promptId = http.submit(Prompts.invertAndSave("reconnect/run"), "java-1");
            first.awaitMessage(m -> m.get("type").asText().equals("executing")
                    && m.at("/data/node").asText().equals("2"));

            try (WsClient second = connect("java-1")) {
                second.awaitFinished(promptId);

                assertThat(second.types().subList(0, 2)).containsExactly("status", "executing");
                assertThat(second.messages().get(1).at("/data/node").asText()).isEqualTo("2");
                assertThat(second.types()).contains("execution_success");
                assertThat(first.types())
                        .as("the older socket no longer receives the run's messages")
                        .doesNotContain("execution_success");
            }
        }
    }
}
