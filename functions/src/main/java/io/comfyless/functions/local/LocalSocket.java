package io.comfyless.functions.local;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One live-update WebSocket on the local server. Each text frame is answered before the next is read
 * (Jetty demands the next frame when this listener returns), so replies keep the order of requests;
 * sends are serialized, so a reply and a fan-out post never interleave. Public only because Jetty
 * finds endpoint methods by public lookup.
 */
public final class LocalSocket implements Session.Listener.AutoDemanding {

    private final LocalLiveServer server;
    private final String id;
    private final String sourceIp;
    private final Instant connectedAt = Instant.now();
    private volatile Instant lastActiveAt = connectedAt;
    private volatile Session session;

    LocalSocket(LocalLiveServer server, String id, String sourceIp) {
        this.server = server;
        this.id = id;
        this.sourceIp = sourceIp;
    }

    String id() {
        return id;
    }

    String sourceIp() {
        return sourceIp;
    }

    Instant connectedAt() {
        return connectedAt;
    }

    Instant lastActiveAt() {
        return lastActiveAt;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        session = opened;
        server.opened(this);
    }

    @Override
    public void onWebSocketText(String message) {
        lastActiveAt = Instant.now();
        send(server.received(this, message));
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        lastActiveAt = Instant.now();
        // The protocol is JSON text: answer as to any message that is not JSON.
        send(server.received(this, "\u0000binary frame"));
        callback.succeed();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        server.closed(this);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        server.closed(this);
    }

    /** Queues a text frame; false when the socket is no longer open. */
    synchronized boolean send(String text) {
        Session current = session;
        if (current == null || !current.isOpen()) {
            return false;
        }
        current.sendText(text, Callback.NOOP);
        return true;
    }

    void close() {
        Session current = session;
        if (current != null) {
            current.close();
        }
        server.closed(this);
    }
}
