package io.comfyless.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.json.Json;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Follows jobs over the live-update WebSocket: a progress bar with the estimate for one job, or a line
 * per event for all of the tenant's jobs. When the socket cannot be opened, or drops, it falls back to
 * polling the API (as {@link JobWatcher} does), so following never depends on the socket.
 */
final class LiveWatcher {

    private static final Set<String> ENDINGS = Set.of("complete", "error", "cancelled");
    private static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** API Gateway closes a socket idle for ten minutes; a ping now and then keeps a quiet watch open. */
    private static final Duration PING_EVERY = Duration.ofMinutes(5);
    /** A message that stands for "the socket is gone" in the queue of received frames. */
    private static final JsonNode CLOSED = Json.object().put("type", "__closed");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final ApiClient api;
    private final URI liveUrl;
    private final String key;
    private final PrintStream out;

    LiveWatcher(ApiClient api, URI liveUrl, String key, PrintStream out) {
        this.api = api;
        this.liveUrl = liveUrl;
        this.key = key;
        this.out = out;
    }

    /** Follows job {@code id} until it ends; returns the job as {@code GET /v1/workflows/{id}} shows it then. */
    JsonNode follow(String id, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        WebSocket socket = open(frames);
        if (socket == null) {
            return new JobWatcher(api, out).await(id, timeout);
        }
        try {
            socket.sendText(
                    Json.object()
                            .put("type", "subscribe")
                            .put("execution_id", id)
                            .put("request_id", "follow")
                            .toString(),
                    true);
            String lastLine = "";
            Instant lastPing = Instant.now();
            while (Instant.now().isBefore(deadline)) {
                JsonNode frame = frames.poll(1, TimeUnit.SECONDS);
                if (frame == null) {
                    if (Duration.between(lastPing, Instant.now()).compareTo(PING_EVERY) > 0) {
                        socket.sendText("{\"type\":\"ping\"}", true);
                        lastPing = Instant.now();
                    }
                    continue;
                }
                String type = frame.path("type").asText();
                if (frame == CLOSED) {
                    out.println();
                    out.println("(live updates dropped; polling instead)");
                    return new JobWatcher(api, out).await(id, Duration.between(Instant.now(), deadline));
                }
                if (type.equals("error") && !frame.hasNonNull("execution_id")) {
                    // The subscription itself was refused (unknown job, missing scope): say so as the API would.
                    throw new ApiClient.ApiError(
                            frame.path("data").path("code").asInt(0),
                            frame.path("data").path("message").asText());
                }
                if (type.equals("subscribed") && subscribedToEnded(frame)) {
                    break;
                }
                String line = render(frame);
                if (line != null && !line.equals(lastLine)) {
                    out.print("\r" + line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
                    out.flush();
                    lastLine = line;
                }
                if (ENDINGS.contains(type)
                        && id.equals(frame.path("execution_id").asText())) {
                    break;
                }
            }
            out.println();
            if (!Instant.now().isBefore(deadline)) {
                throw new ApiClient.ApiError(0, "Gave up waiting for " + id + " after " + timeout.toSeconds() + " s");
            }
            return api.get("v1/workflows/" + id);
        } finally {
            socket.abort();
        }
    }

    /** Prints every event of every job of the tenant until interrupted (Ctrl-C). */
    void watchAll() throws InterruptedException {
        BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        WebSocket socket = open(frames);
        if (socket == null) {
            pollAll();
            return;
        }
        try {
            socket.sendText("{\"type\":\"subscribe\",\"channels\":[\"jobs\"]}", true);
            out.println("Watching all jobs live (Ctrl-C to stop) ...");
            while (true) {
                JsonNode frame = frames.poll(PING_EVERY.toSeconds(), TimeUnit.SECONDS);
                if (frame == null) {
                    socket.sendText("{\"type\":\"ping\"}", true);
                    continue;
                }
                if (frame == CLOSED) {
                    out.println("(live updates dropped; polling instead)");
                    pollAll();
                    return;
                }
                if (frame.hasNonNull("execution_id")) {
                    out.println(LocalTime.now(ZoneId.systemDefault()).format(TIME) + "  "
                            + frame.path("execution_id").asText() + "  " + render(frame));
                }
            }
        } finally {
            socket.abort();
        }
    }

    /** The socket, subscribed to nothing yet; null when it cannot be opened (then the caller polls). */
    private WebSocket open(BlockingQueue<JsonNode> frames) {
        WebSocket.Builder builder =
                HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
        if (key != null && !key.isBlank()) {
            builder.header("Authorization", "Bearer " + key);
        }
        try {
            return builder.buildAsync(liveUrl, new Listener(frames))
                    .get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            out.println("(no live updates at " + liveUrl + ": " + rootMessage(e) + "; polling instead)");
            return null;
        }
    }

    private static boolean subscribedToEnded(JsonNode frame) {
        for (JsonNode execution : frame.path("data").path("executions")) {
            if (TERMINAL.contains(execution.path("status").asText())) {
                return true;
            }
        }
        return false;
    }

    /** One line for a live message; null for messages that do not change what is shown. */
    static String render(JsonNode frame) {
        JsonNode data = frame.path("data");
        String type = frame.path("type").asText();
        return switch (type) {
            case "subscribed" -> {
                JsonNode execution = data.path("executions").path(0);
                yield execution.isMissingNode()
                        ? null
                        : bar(execution.path("percentage").asDouble(0)) + " "
                                + execution.path("status").asText();
            }
            case "queued" -> bar(0) + " pending";
            case "started" -> bar(0) + " running";
            case "progress" -> progress(data);
            case "preview" -> null;
            case "complete" -> bar(100) + " completed";
            case "error" ->
                "failed: " + data.path("error").asText(data.path("message").asText());
            case "cancelled" -> "cancelled";
            default -> null;
        };
    }

    private static String progress(JsonNode data) {
        StringBuilder line = new StringBuilder(bar(data.path("percentage").asDouble(0))).append(" running");
        if (data.hasNonNull("current_node")) {
            line.append(" · node ").append(data.path("current_node").asText());
            if (data.hasNonNull("current_node_type")) {
                line.append(" (")
                        .append(data.path("current_node_type").asText())
                        .append(')');
            }
        }
        if (data.hasNonNull("current_step") && data.hasNonNull("total_steps")) {
            line.append(" step ")
                    .append(data.path("current_step").asInt())
                    .append('/')
                    .append(data.path("total_steps").asInt());
        }
        if (data.hasNonNull("eta_seconds")) {
            line.append(" · ~").append(data.path("eta_seconds").asLong()).append(" s left");
        }
        return line.toString();
    }

    private static String bar(double percentage) {
        int width = 30;
        int filled = (int) Math.round(Math.max(0, Math.min(100, percentage)) / 100 * width);
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + String.format("%5.1f%%", percentage);
    }

    /** List reads count against the tenant's request rate; once a second is plenty for a person. */
    private static final Duration POLL_ALL = Duration.ofSeconds(1);

    /** Without the socket: a line per job whose status changed, from the newest jobs, once a second. */
    private void pollAll() throws InterruptedException {
        Map<String, String> seen = new HashMap<>();
        while (true) {
            for (JsonNode job : api.get("v1/workflows?limit=50").path("executions")) {
                String id = job.path("execution_id").asText();
                String status = job.path("status").asText();
                if (!status.equals(seen.put(id, status))) {
                    out.println(LocalTime.now(ZoneId.systemDefault()).format(TIME) + "  " + id + "  " + status);
                }
            }
            Thread.sleep(POLL_ALL.toMillis());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static final class Listener implements WebSocket.Listener {
        private final BlockingQueue<JsonNode> frames;
        private final StringBuilder partial = new StringBuilder();

        Listener(BlockingQueue<JsonNode> frames) {
            this.frames = frames;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frames.add(Json.read(partial.toString()));
                } catch (RuntimeException notJson) {
                    // Not ours to show.
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            frames.add(CLOSED);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            frames.add(CLOSED);
        }
    }
}
