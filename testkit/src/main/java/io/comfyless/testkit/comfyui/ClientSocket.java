package io.comfyless.testkit.comfyui;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One {@code /ws} connection, under the client id it asked for (or one the server invented). Public only because
 * Jetty invokes WebSocket endpoints through a public method lookup; it is not part of the double's API.
 */
public final class ClientSocket implements Session.Listener.AutoDemanding {

    private final WebSocketHub hub;
    private final String clientId;
    private volatile Session session;
    private boolean sawFirstMessage;
    private boolean previewMetadata;

    ClientSocket(WebSocketHub hub, String clientId) {
        this.hub = hub;
        this.clientId = clientId;
    }

    String clientId() {
        return clientId;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        this.session = opened;
        hub.opened(this);
    }

    @Override
    public void onWebSocketText(String message) {
        hub.received(this, message);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        hub.closed(this);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        hub.closed(this);
    }

    /** True only for the first frame the client sends; ComfyUI reads {@code feature_flags} from that one alone. */
    boolean firstMessage() {
        boolean first = !sawFirstMessage;
        sawFirstMessage = true;
        return first;
    }

    boolean previewMetadata() {
        return previewMetadata;
    }

    void previewMetadata(boolean supported) {
        previewMetadata = supported;
    }

    void sendText(String text) {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.sendText(text, Callback.NOOP);
        }
    }

    void sendBinary(byte[] frame) {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.sendBinary(ByteBuffer.wrap(frame), Callback.NOOP);
        }
    }

    /** Cuts the connection without a close frame, as a dying process or a broken network would. */
    void disconnect() {
        Session current = session;
        if (current != null) {
            current.disconnect();
        }
    }
}
