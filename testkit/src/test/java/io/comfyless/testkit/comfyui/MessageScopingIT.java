package io.comfyless.testkit.comfyui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** §3 scoping: execution messages reach only the submitter; progress reaches everyone when there is no client_id. */
class MessageScopingIT extends DoubleTestBase {

    @Test
    void executionMessagesGoOnlyToTheSubmittersSocketWhileStatusGoesToEveryone() {
        comfy.faults().sample(NodeTarget.ofClass("ImageInvert"), 4, Duration.ofMillis(50));
        try (WsClient alice = connect("alice");
                WsClient bob = connect("bob")) {
            String promptId = http.submit(Prompts.invertAndSave("scope/alice"), "alice");
            alice.awaitFinished(promptId);
            await().atMost(WsClient.TIMEOUT)
                    .until(() -> endsWithIdleStatus(bob) && bob.messages().size() > 1);

            assertThat(alice.types())
                    .contains("execution_start", "progress", "executing", "executed", "execution_success");
            assertThat(bob.types()).containsOnly("status").hasSizeGreaterThan(1);
        }
    }

    @Test
    void withoutAClientIdProgressReachesEveryoneAndExecutionMessagesReachNoOne() {
        comfy.faults().sample(NodeTarget.ofClass("ImageInvert"), 4, Duration.ofMillis(50));
        try (WsClient alice = connect("alice");
                WsClient bob = connect("bob")) {
            String promptId = http.submit(Prompts.invertAndSave("scope/nobody"), null);
            awaitHistory(promptId);
            await().atMost(WsClient.TIMEOUT).until(() -> endsWithIdleStatus(alice) && endsWithIdleStatus(bob));

            for (WsClient ws : List.of(alice, bob)) {
                assertThat(ws.forPrompt(promptId))
                        .extracting(m -> m.get("type").asText())
                        .contains("progress", "progress_state")
                        .doesNotContain(
                                "execution_start", "execution_cached", "executing", "executed", "execution_success");
            }
        }
    }

    private static boolean endsWithIdleStatus(WsClient ws) {
        List<JsonNode> messages = ws.messages();
        JsonNode last = messages.get(messages.size() - 1);
        return messages.size() > 1
                && last.get("type").asText().equals("status")
                && last.at("/data/status/exec_info/queue_remaining").asInt() == 0
                && !last.at("/data").has("sid");
    }
}
