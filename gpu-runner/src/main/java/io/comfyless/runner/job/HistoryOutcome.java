package io.comfyless.runner.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.runner.comfyui.PromptOutcome;
import java.util.Optional;

/** Reads how a prompt ended from its history entry ({@code status} and its {@code messages}). */
final class HistoryOutcome {

    private HistoryOutcome() {}

    /** Empty while the prompt has not finished. */
    static Optional<PromptOutcome> of(JsonNode entry) {
        JsonNode status = entry.path("status");
        if (status.path("status_str").asText("").equals("success")) {
            return Optional.of(new PromptOutcome.Succeeded());
        }
        for (JsonNode message : status.path("messages")) {
            String event = message.path(0).asText("");
            JsonNode data = message.path(1);
            if (event.equals("execution_error")) {
                return Optional.of(new PromptOutcome.Failed(
                        data.path("node_id").asText(null),
                        data.path("node_type").asText(null),
                        data.path("exception_type").asText(null),
                        data.path("exception_message").asText(null)));
            }
            if (event.equals("execution_interrupted")) {
                return Optional.of(new PromptOutcome.Interrupted(
                        data.path("node_id").asText(null),
                        data.path("node_type").asText(null)));
            }
        }
        return status.path("status_str").asText("").equals("error")
                ? Optional.of(new PromptOutcome.Failed(null, null, null, "ComfyUI reported an error"))
                : Optional.empty();
    }
}
