package io.comfyless.runner.comfyui;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's one WebSocket to ComfyUI ({@code /ws?clientId=<workerId>}), kept open: when it
 * drops it reconnects with backoff and calls {@code onReconnect}, since ComfyUI does not replay
 * what was sent while nobody listened (history is the truth then).
 */
public final class ComfyUiSocket implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ComfyUiSocket.class);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** Pings keep an idle connection provably alive; ComfyUI (aiohttp) answers them with pongs. */
    static final Duration PING_EVERY = Duration.ofSeconds(5);
    /**
     * A connection that has carried nothing, not even a pong, for this long is treated as dead. The JDK
     * client can leave a socket whose peer closed it in CLOSE-WAIT without telling the listener, so
     * silence is the only reliable sign.
     */
    static final Duration SILENCE_LIMIT = Duration.ofSeconds(15);

    private final URI url;
    private final Consumer<ComfyEvent> events;
    private final Runnable onReconnect;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "comfyui-socket");
        thread.setDaemon(true);
        return thread;
    });
    private volatile WebSocket socket;
    private volatile boolean closed;
    private volatile boolean everConnected;
    private volatile long lastFrameNanos = System.nanoTime();
    private Duration backoff = MIN_BACKOFF;

    public ComfyUiSocket(URI comfyui, String clientId, Consumer<ComfyEvent> events, Runnable onReconnect) {
        String scheme = "https".equals(comfyui.getScheme()) ? "wss" : "ws";
        this.url = URI.create(scheme + "://" + comfyui.getAuthority() + "/ws?clientId=" + clientId);
        this.events = events;
        this.onReconnect = onReconnect;
        reconnects.scheduleAtFixedRate(this::keepAlive, PING_EVERY.toMillis(), PING_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Connects now, waiting up to {@code timeout}; keeps retrying in the background after that. */
    public boolean connect(Duration timeout) {
        try {
            socket = http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(url, new Listener())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            lastFrameNanos = System.nanoTime();
            everConnected = true;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            log.warn("Cannot reach ComfyUI's WebSocket at {}: {}", url, e.toString());
            scheduleReconnect();
            return false;
        }
    }

    public boolean isConnected() {
        WebSocket current = socket;
        return current != null && !current.isInputClosed() && System.nanoTime() - lastFrameNanos <= SILENCE_LIMIT.toNanos();
    }

    @Override
    public void close() {
        closed = true;
        WebSocket current = socket;
        if (current != null) {
            current.abort();
        }
        reconnects.shutdownNow();
    }

    private void keepAlive() {
        WebSocket current = socket;
        if (closed || current == null || current.isInputClosed()) {
            return;
        }
        if (System.nanoTime() - lastFrameNanos > SILENCE_LIMIT.toNanos()) {
            log.warn("ComfyUI's WebSocket has been silent for {}; reconnecting", SILENCE_LIMIT);
            socket = null;
            current.abort();
            scheduleReconnect();
            return;
        }
        current.sendPing(ByteBuffer.allocate(0));
    }

    private synchronized void scheduleReconnect() {
        if (closed) {
            return;
        }
        Duration delay = backoff;
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        reconnects.schedule(this::reconnect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reconnect() {
        if (closed) {
            return;
        }
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(url, new Listener())
                .whenComplete((webSocket, failure) -> {
                    if (failure != null) {
                        scheduleReconnect();
                        return;
                    }
                    socket = webSocket;
                    lastFrameNanos = System.nanoTime();
                    synchronized (this) {
                        backoff = MIN_BACKOFF;
                    }
                    log.info("Reconnected to ComfyUI's WebSocket");
                    if (everConnected) {
                        onReconnect.run();
                    }
                    everConnected = true;
                });
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            lastFrameNanos = System.nanoTime();
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                try {
                    ComfyEvents.parse(frame).ifPresent(events);
                } catch (RuntimeException e) {
                    log.error("Failed to handle a ComfyUI event", e);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            lastFrameNanos = System.nanoTime();
            webSocket.request(1); // preview images: not needed by the runner
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            lastFrameNanos = System.nanoTime();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (!closed) {
                log.warn("ComfyUI closed the WebSocket ({} {}); reconnecting", statusCode, reason);
                scheduleReconnect();
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (!closed) {
                log.warn("ComfyUI WebSocket failed: {}; reconnecting", error.toString());
                scheduleReconnect();
            }
        }
    }
}
