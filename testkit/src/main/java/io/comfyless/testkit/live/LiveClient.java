package io.comfyless.testkit.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A live-update client for tests and benchmarks, over the JDK's WebSocket: it keeps every frame it
 * receives (with the time it arrived) and waits for the one a test expects. A refused upgrade is an
 * {@link Refused} carrying the HTTP status and body.
 */
public final class LiveClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** A frame as it arrived: when by {@link System#nanoTime()}, and by the wall clock. */
    public record Frame(JsonNode message, long receivedNanos, Instant receivedAt) {}

    /** The server refused the upgrade. */
    public static final class Refused extends RuntimeException {
        private final int status;
        private final String body;

        Refused(int status, String body) {
            super("Upgrade refused with " + status + ": " + body);
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String body() {
            return body;
        }
    }

    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final WebSocket socket;
    private volatile boolean closed;

    private LiveClient(URI url, Map<String, String> headers) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        try {
            socket = builder.buildAsync(url, new Listener()).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                Object body = refused.getResponse().body();
                throw new Refused(refused.getResponse().statusCode(), body == null ? "" : body.toString());
            }
            throw new IllegalStateException("Cannot connect to " + url, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Connecting to " + url + " timed out", e);
        }
    }

    public static LiveClient connect(URI url) {
        return new LiveClient(url, Map.of());
    }

    public static LiveClient connect(URI url, Map<String, String> headers) {
        return new LiveClient(url, headers);
    }

    /** Sends a text frame as is. */
    public LiveClient send(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    public LiveClient send(JsonNode message) {
        return send(message.toString());
    }

    /** Everything received so far, oldest first. */
    public List<JsonNode> messages() {
        List<JsonNode> messages = new ArrayList<>();
        frames.forEach(frame -> messages.add(frame.message()));
        return messages;
    }

    public List<Frame> frames() {
        return List.copyOf(frames);
    }

    /** Waits for the first frame (received at any time) that matches. */
    public JsonNode await(Predicate<JsonNode> matching) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Frame frame : frames) {
                if (matching.test(frame.message())) {
                    return frame.message();
                }
            }
            synchronized (frames) {
                try {
                    frames.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new AssertionError("No matching frame within " + TIMEOUT + "; received " + messages());
    }

    /** Waits for the first frame of {@code type}. */
    public JsonNode await(String type) {
        return await(message -> type.equals(message.path("type").asText()));
    }

    /** Sends {@code message} and waits for the reply that echoes its {@code request_id}. */
    public JsonNode request(String message, String requestId) {
        send(message);
        return await(
                reply -> requestId.equals(reply.path("data").path("request_id").asText()));
    }

    public boolean isOpen() {
        return !closed && !socket.isInputClosed() && !socket.isOutputClosed();
    }

    /** Drops the connection without a close handshake, as a client that vanished would. */
    public void abort() {
        closed = true;
        socket.abort();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                socket.abort();
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long at = System.nanoTime();
                Instant wall = Instant.now();
                try {
                    frames.add(new Frame(JSON.readTree(partial.toString()), at, wall));
                } catch (IOException e) {
                    throw new UncheckedIOException("The server sent a frame that is not JSON: " + partial, e);
                } finally {
                    partial.setLength(0);
                }
                synchronized (frames) {
                    frames.notifyAll();
                }
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
    }
}
