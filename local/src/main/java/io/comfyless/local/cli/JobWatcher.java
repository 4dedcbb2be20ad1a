package io.comfyless.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Follows a job from the terminal: draws a progress bar and returns the final state. Each status read
 * asks the API to hold it until the job changes ({@code ?wait=25}), so the bar moves as soon as the
 * job does, without polling on a timer. ({@code submit --wait}; {@link LiveWatcher} follows over the
 * live-update WebSocket and falls back to this.)
 */
final class JobWatcher {

    private static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled");
    private static final int WIDTH = 30;
    /** Seconds each status read may be held for a change: the API's longest. */
    static final int WAIT_SECONDS = 25;

    private final ApiClient api;
    private final PrintStream out;

    JobWatcher(ApiClient api, PrintStream out) {
        this.api = api;
        this.out = out;
    }

    JsonNode await(String id, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String lastLine = "";
        while (true) {
            JsonNode status;
            try {
                status = api.get("v1/workflows/" + id + "/status?wait=" + WAIT_SECONDS);
            } catch (ApiClient.ApiError e) {
                if (e.status() != 429) {
                    throw e;
                }
                // Over the tier's request rate: wait out the window rather than fail the command.
                Thread.sleep(Math.max(1, e.retryAfterSeconds()) * 1000L);
                continue;
            }
            String line = render(status);
            if (!line.equals(lastLine)) {
                out.print("\r" + line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
                out.flush();
                lastLine = line;
            }
            if (TERMINAL.contains(status.path("status").asText())) {
                out.println();
                return api.get("v1/workflows/" + id);
            }
            if (Instant.now().isAfter(deadline)) {
                out.println();
                throw new ApiClient.ApiError(0, "Gave up waiting for " + id + " after " + timeout.toSeconds() + " s");
            }
        }
    }

    static String render(JsonNode status) {
        double percentage = status.path("percentage").asDouble(0);
        int filled = (int) Math.round(percentage / 100 * WIDTH);
        String state = status.path("status").asText();
        StringBuilder line = new StringBuilder("[")
                .append("#".repeat(filled))
                .append("-".repeat(WIDTH - filled))
                .append("] ")
                .append(String.format("%5.1f%%", percentage))
                .append(' ')
                .append(state);
        JsonNode node = status.path("current_node_id");
        if (state.equals("running") && !node.isMissingNode() && !node.isNull()) {
            line.append(" · node ").append(node.asText());
            String type = status.path("current_node").asText("");
            if (!type.isEmpty()) {
                line.append(" (").append(type).append(')');
            }
        }
        if (state.equals("pending") && status.hasNonNull("queue_position")) {
            line.append(" · position ").append(status.get("queue_position").asLong());
        }
        return line.toString();
    }
}
