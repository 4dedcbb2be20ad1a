package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open WebSockets by client id and ComfyUI's {@code send_sync}: a message for a client id goes to that client's
 * socket only, a message without one goes to everyone. One socket per id: a reconnect with the same id takes over.
 * Every method is synchronized so that frames leave in the order they were sent, whatever thread sends them.
 */
final class WebSocketHub {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketHub.class);
    private static final int PREVIEW_EVENT = 1;
    private static final int PREVIEW_WITH_METADATA_EVENT = 4;
    private static final int JPEG = 1;
    private static final int PREVIEW_MAX_SIZE = 512;

    private final IntSupplier queueRemaining;
    private final ObjectNode serverFeatures;
    private final Map<String, ClientSocket> sockets = new LinkedHashMap<>();
    private boolean dead;
    private String executingClientId;
    private String lastNodeId;

    WebSocketHub(IntSupplier queueRemaining, ObjectNode serverFeatures) {
        this.queueRemaining = queueRemaining;
        this.serverFeatures = serverFeatures;
    }

    /** A socket for a {@code /ws} upgrade; with no clientId the server invents a 32-hex id. */
    ClientSocket newSocket(String requestedClientId) {
        boolean blank = requestedClientId == null || requestedClientId.isEmpty();
        return new ClientSocket(this, blank ? UUID.randomUUID().toString().replace("-", "") : requestedClientId);
    }

    /** The handshake: {@code status} with {@code sid} first, then {@code executing} if this client's prompt runs. */
    synchronized void opened(ClientSocket socket) {
        if (dead) {
            socket.disconnect();
            return;
        }
        ObjectNode data = ComfyUiJson.object();
        data.set("status", status());
        socket.sendText(message("status", data.put("sid", socket.clientId())));
        sockets.put(socket.clientId(), socket);
        if (socket.clientId().equals(executingClientId) && lastNodeId != null) {
            socket.sendText(message("executing", ComfyUiJson.object().put("node", lastNodeId)));
        }
    }

    synchronized void closed(ClientSocket socket) {
        sockets.remove(socket.clientId(), socket);
    }

    /** The only thing ComfyUI reads from clients: {@code feature_flags} as the first message, answered in kind. */
    synchronized void received(ClientSocket socket, String text) {
        if (!socket.firstMessage()) {
            return;
        }
        try {
            JsonNode message = ComfyUiJson.MAPPER.readTree(text);
            if ("feature_flags".equals(message.path("type").asText())) {
                socket.previewMetadata(
                        message.path("data").path("supports_preview_metadata").asBoolean(false));
                socket.sendText(message("feature_flags", serverFeatures.deepCopy()));
            }
        } catch (IOException e) {
            LOG.debug("Ignoring a malformed WebSocket message from {}", socket.clientId());
        }
    }

    /** {@code send_sync(event, data, sid)}: to that client when sid is given, else to everyone. */
    synchronized void send(String event, JsonNode data, String clientId) {
        String text = message(event, data);
        recipients(clientId).forEach(socket -> socket.sendText(text));
    }

    /** {@code status} to everyone, after every queue change. */
    void broadcastStatus() {
        ObjectNode data = ComfyUiJson.object();
        data.set("status", status());
        send("status", data, null);
    }

    /** A JPEG preview: event 4 with metadata to clients that declared support for it, event 1 to the others. */
    synchronized void sendPreview(BufferedImage image, ObjectNode metadata, String clientId) {
        List<ClientSocket> targets = recipients(clientId);
        if (targets.isEmpty()) {
            return;
        }
        byte[] jpeg = jpeg(image);
        byte[] withMetadata = null;
        byte[] plain = null;
        for (ClientSocket socket : targets) {
            if (socket.previewMetadata()) {
                withMetadata = withMetadata != null ? withMetadata : previewWithMetadata(jpeg, metadata);
                socket.sendBinary(withMetadata);
            } else {
                plain = plain != null
                        ? plain
                        : ByteBuffer.allocate(8 + jpeg.length)
                                .putInt(PREVIEW_EVENT)
                                .putInt(JPEG)
                                .put(jpeg)
                                .array();
                socket.sendBinary(plain);
            }
        }
    }

    /** Cuts every connection at once; clients may reconnect. */
    synchronized void dropAll() {
        List<ClientSocket> all = new ArrayList<>(sockets.values());
        sockets.clear();
        all.forEach(ClientSocket::disconnect);
    }

    /** After a crash: cut everything and accept nothing more. */
    synchronized void kill() {
        dead = true;
        dropAll();
    }

    /** ComfyUI's {@code server.client_id}, used to replay {@code executing} to a client that reconnects mid-run. */
    synchronized void promptStarted(String clientId) {
        executingClientId = clientId;
    }

    /** ComfyUI's {@code server.last_node_id}. */
    synchronized void nodeStarted(String nodeId) {
        lastNodeId = nodeId;
    }

    synchronized int connected() {
        return sockets.size();
    }

    private List<ClientSocket> recipients(String clientId) {
        if (clientId == null) {
            return new ArrayList<>(sockets.values());
        }
        ClientSocket socket = sockets.get(clientId);
        return socket == null ? List.of() : List.of(socket);
    }

    private ObjectNode status() {
        ObjectNode execInfo = ComfyUiJson.object().put("queue_remaining", queueRemaining.getAsInt());
        return ComfyUiJson.object().set("exec_info", execInfo);
    }

    private static String message(String event, JsonNode data) {
        ObjectNode message = ComfyUiJson.object().put("type", event);
        message.set("data", data);
        return ComfyUiJson.write(message);
    }

    private static byte[] previewWithMetadata(byte[] jpeg, ObjectNode metadata) {
        byte[] json = ComfyUiJson.write(metadata.deepCopy().put("image_type", "image/jpeg"))
                .getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + jpeg.length)
                .putInt(PREVIEW_WITH_METADATA_EVENT)
                .putInt(json.length)
                .put(json)
                .put(jpeg)
                .array();
    }

    private static byte[] jpeg(BufferedImage image) {
        int largest = Math.max(image.getWidth(), image.getHeight());
        BufferedImage preview = image;
        if (largest > PREVIEW_MAX_SIZE) {
            int width = Math.max(1, image.getWidth() * PREVIEW_MAX_SIZE / largest);
            int height = Math.max(1, image.getHeight() * PREVIEW_MAX_SIZE / largest);
            preview = Resampler.resize(image, "bilinear", width, height);
        }
        try {
            return PngFiles.encodeJpeg(preview);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
