package io.comfyless.runner.comfyui;

import io.comfyless.core.retry.Backoff;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
 *
 * <p>At most one connection is current. Every way of noticing a dead one (close, error, silence,
 * input closed) goes through {@link #lost}, which acts only for the current connection: a late
 * callback from a connection already replaced cannot start a second reconnect, and so never opens
 * a second socket under the same client id (ComfyUI keeps one socket per id).
 */
public final class ComfyUiSocket implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ComfyUiSocket.class);
    private static final Backoff RECONNECT_BACKOFF = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(5));
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
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "comfyui-socket");
        thread.setDaemon(true);
        return thread;
    });
    private volatile WebSocket socket;
    private volatile boolean closed;
    private volatile long lastFrameNanos = System.nanoTime();
    /** Notified whenever a connection becomes current. */
    private final Object connectedSignal = new Object();

    /** Reconnects tried since the connection was last up (guarded by {@code this}); 0 while it is up. */
    private int failedReconnects = 0;

    public ComfyUiSocket(URI comfyui, String clientId, Consumer<ComfyEvent> events, Runnable onReconnect) {
        String scheme = "https".equals(comfyui.getScheme()) ? "wss" : "ws";
        this.url = URI.create(scheme + "://" + comfyui.getAuthority() + "/ws?clientId=" + clientId);
        this.events = events;
        this.onReconnect = onReconnect;
        reconnects.scheduleAtFixedRate(
                this::keepAlive, PING_EVERY.toMillis(), PING_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Connects now, waiting up to {@code timeout}; keeps retrying in the background after that. */
    public boolean connect(Duration timeout) {
        CompletableFuture<WebSocket> opening =
                http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(url, new Listener());
        try {
            WebSocket connected = opening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            lastFrameNanos = System.nanoTime();
            socket = connected;
            signalConnected();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            opening.thenAccept(WebSocket::abort);
            return false;
        } catch (Exception e) {
            log.warn("Cannot reach ComfyUI's WebSocket at {}: {}", url, e.toString());
            // One that opens after all must not linger beside the one the reconnect opens under the same client id.
            opening.thenAccept(WebSocket::abort);
            scheduleReconnect();
            return false;
        }
    }

    /**
     * Waits until the socket is connected, at most {@code timeout}: a prompt queued before it is would run with
     * nobody listening, and ComfyUI does not replay what it sent then.
     */
    public boolean awaitConnected(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (connectedSignal) {
            while (!isConnected() && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    connectedSignal.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return isConnected();
    }

    public boolean isConnected() {
        WebSocket current = socket;
        return current != null
                && !current.isInputClosed()
                && System.nanoTime() - lastFrameNanos <= SILENCE_LIMIT.toNanos();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        WebSocket current = socket;
        if (current != null) {
            current.abort();
        }
        reconnects.shutdownNow();
    }

    private void signalConnected() {
        synchronized (connectedSignal) {
            connectedSignal.notifyAll();
        }
    }

    private void keepAlive() {
        WebSocket current = socket;
        if (closed || current == null) {
            return;
        }
        if (current.isInputClosed()) {
            // A close that arrived before the connection became current was ignored by lost(); catch it here.
            lost(current, "its input is closed");
        } else if (System.nanoTime() - lastFrameNanos > SILENCE_LIMIT.toNanos()) {
            lost(current, "it has been silent for " + SILENCE_LIMIT);
        } else {
            current.sendPing(ByteBuffer.allocate(0));
        }
    }

    /** Gives up {@code dead} and schedules a reconnect, if it is still the current connection. */
    private synchronized void lost(WebSocket dead, String why) {
        if (closed || socket != dead) {
            return;
        }
        log.warn("ComfyUI's WebSocket is lost ({}); reconnecting", why);
        socket = null;
        dead.abort();
        scheduleReconnect();
    }

    private synchronized void scheduleReconnect() {
        if (closed) {
            return;
        }
        Duration delay = RECONNECT_BACKOFF.delay(++failedReconnects);
        reconnects.schedule(this::reconnect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reconnect() {
        if (closed) {
            return;
        }
        http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(url, new Listener())
                .whenComplete((webSocket, failure) -> {
                    if (failure != null) {
                        scheduleReconnect();
                        return;
                    }
                    lastFrameNanos = System.nanoTime();
                    synchronized (this) {
                        if (closed) {
                            webSocket.abort();
                            return;
                        }
                        socket = webSocket;
                        failedReconnects = 0;
                    }
                    signalConnected();
                    log.info("Reconnected to ComfyUI's WebSocket");
                    // Off the HTTP client's thread: reconciling makes blocking calls to ComfyUI.
                    reconnects.execute(onReconnect);
                });
    }

    /**
     * Told first on every connection: this client reads previews with metadata (event 4), which name
     * their prompt. ComfyUI versions that predate feature flags ignore it and send plain previews.
     */
    static final String FEATURE_FLAGS = "{\"type\":\"feature_flags\",\"data\":{\"supports_preview_metadata\":true}}";

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private final ByteArrayOutputStream partialBinary = new ByteArrayOutputStream();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.sendText(FEATURE_FLAGS, true);
            webSocket.request(1);
        }

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
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partialBinary.writeBytes(chunk);
            if (last) {
                ByteBuffer frame = ByteBuffer.wrap(partialBinary.toByteArray());
                partialBinary.reset();
                try {
                    ComfyEvents.parseBinary(frame).ifPresent(events);
                } catch (RuntimeException e) {
                    log.error("Failed to handle a ComfyUI preview", e);
                }
            }
            webSocket.request(1);
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
            lost(webSocket, "ComfyUI closed it: " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            lost(webSocket, error.toString());
        }
    }
}
