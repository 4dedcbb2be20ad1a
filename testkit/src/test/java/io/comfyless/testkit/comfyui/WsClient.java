package io.comfyless.testkit.comfyui;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A JDK {@link WebSocket} client that records every frame the double sends, for ordering and scoping assertions. */
final class WsClient implements WebSocket.Listener, AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private final List<byte[]> binaryFrames = new CopyOnWriteArrayList<>();
    private final StringBuilder partialText = new StringBuilder();
    private final java.io.ByteArrayOutputStream partialBinary = new java.io.ByteArrayOutputStream();
    private volatile boolean closed;
    private WebSocket socket;

    private WsClient() {}

    static WsClient connect(URI uri) {
        WsClient client = new WsClient();
        client.socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(uri, client)
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        await().atMost(TIMEOUT).until(() -> !client.messages.isEmpty());
        return client;
    }

    List<JsonNode> messages() {
        return List.copyOf(messages);
    }

    List<String> types() {
        return messages.stream().map(m -> m.get("type").asText()).toList();
    }

    List<byte[]> binaryFrames() {
        return List.copyOf(binaryFrames);
    }

    /** Messages whose data names this prompt. */
    List<JsonNode> forPrompt(String promptId) {
        return messages.stream()
                .filter(m -> promptId.equals(m.path("data").path("prompt_id").asText(null)))
                .toList();
    }

    JsonNode awaitMessage(Predicate<JsonNode> condition) {
        await().atMost(TIMEOUT).until(() -> find(condition).isPresent());
        return find(condition).orElseThrow();
    }

    JsonNode awaitMessage(String type, String promptId) {
        return awaitMessage(m -> m.get("type").asText().equals(type)
                && promptId.equals(m.path("data").path("prompt_id").asText(null)));
    }

    /** Waits for {@code executing {node: null, prompt_id}}, the end of a prompt for its submitter. */
    void awaitFinished(String promptId) {
        awaitMessage(m -> m.get("type").asText().equals("executing")
                && m.path("data").path("node").isNull()
                && promptId.equals(m.path("data").path("prompt_id").asText(null)));
    }

    boolean isClosed() {
        return closed;
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partialText.append(data);
        if (last) {
            messages.add(ComfyHttp.parse(partialText.toString()));
            partialText.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        partialBinary.writeBytes(chunk);
        if (last) {
            binaryFrames.add(partialBinary.toByteArray());
            partialBinary.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed = true;
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed = true;
    }

    @Override
    public void close() {
        if (!closed && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private Optional<JsonNode> find(Predicate<JsonNode> condition) {
        return messages.stream().filter(condition).findFirst();
    }
}
