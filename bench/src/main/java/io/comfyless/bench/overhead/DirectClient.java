package io.comfyless.bench.overhead;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.runner.comfyui.ComfyEvent;
import io.comfyless.runner.comfyui.ComfyUiClient;
import io.comfyless.runner.comfyui.ComfyUiSocket;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: a client of ComfyUI itself, as a script using ComfyUI's API would be written. It
 * queues the prompt, waits on its own WebSocket for ComfyUI to say the prompt is done, reads the
 * history for the output's name and fetches the file.
 */
final class DirectClient implements JobClient {

    private static final Duration PATIENCE = Duration.ofMinutes(5);

    private final String clientId = "bench-direct-" + UUID.randomUUID();
    private final ComfyUiClient comfyui;
    private final ComfyUiSocket socket;
    /** By prompt id; either side may come first, since ComfyUI can finish a prompt before answering its POST. */
    private final Map<String, CompletableFuture<String>> ends = new ConcurrentHashMap<>();

    DirectClient(URI comfyuiUrl) {
        this.comfyui = new ComfyUiClient(comfyuiUrl);
        this.socket = new ComfyUiSocket(comfyuiUrl, clientId, this::accept, () -> {});
        if (!socket.connect(Duration.ofSeconds(10))) {
            throw new IllegalStateException("Cannot open ComfyUI's WebSocket at " + comfyuiUrl);
        }
    }

    @Override
    public Finished run(ObjectNode prompt) throws Exception {
        String promptId = comfyui.submit(prompt, UUID.randomUUID().toString(), clientId, null);
        String error = end(promptId).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        ends.remove(promptId);
        if (error != null) {
            throw new IllegalStateException("ComfyUI failed prompt " + promptId + ": " + error);
        }
        JsonNode entry = comfyui.history(promptId).orElseThrow();
        JsonNode image = firstImage(entry.path("outputs"))
                .orElseThrow(() -> new IllegalStateException("Prompt " + promptId + " has no output image"));
        ComfyUiClient.Download download = comfyui.view(
                image.path("filename").asText(),
                image.path("subfolder").asText(""),
                image.path("type").asText("output"));
        try (InputStream content = download.content()) {
            return Finished.direct(content.readAllBytes().length);
        }
    }

    @Override
    public void close() {
        socket.close();
    }

    private CompletableFuture<String> end(String promptId) {
        return ends.computeIfAbsent(promptId, id -> new CompletableFuture<>());
    }

    private void accept(ComfyEvent event) {
        if (event instanceof ComfyEvent.ExecutionError error) {
            end(error.promptId()).complete(error.exceptionType() + ": " + error.exceptionMessage());
        } else if (event instanceof ComfyEvent.Executing executing
                && executing.node() == null
                && executing.promptId() != null) {
            end(executing.promptId()).complete(null);
        }
    }

    static Optional<JsonNode> firstImage(JsonNode outputs) {
        for (JsonNode node : outputs) {
            for (JsonNode image : node.path("images")) {
                return Optional.of(image);
            }
        }
        return Optional.empty();
    }
}
