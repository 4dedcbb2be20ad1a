package io.comfyless.functions.local;

import io.comfyless.core.json.Json;
import io.comfyless.core.live.ConnectionGateway;
import io.comfyless.functions.live.LiveSockets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What API Gateway's WebSocket API does, for the local stack: upgrades go through the same
 * {@link LiveSockets} as the {@code $connect} route (refused with its status and error body), each
 * text frame is answered with its reply frame, a closed socket is disconnected; and the open sockets
 * are the "management API" the fan-out posts to ({@link ConnectionGateway}), also served over HTTP
 * ({@code POST|GET|DELETE <managementPath>/@connections/{id}}) for API Gateway's own SDK client.
 */
public final class LocalLiveServer implements ConnectionGateway, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalLiveServer.class);
    private static final String CONNECTIONS = "/@connections/";

    private final LiveSockets sockets;
    private final Map<String, LocalSocket> open = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    /** Not guessable by local clients: only code told the endpoint can post to connections. */
    private final String managementPath = "/@management-" + token(16);
    /** Disconnects write to the store; closing sockets must not wait for that. */
    private final ExecutorService disconnects = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "local-live-disconnects");
        thread.setDaemon(true);
        return thread;
    });

    public LocalLiveServer(LiveSockets sockets) {
        this.sockets = sockets;
    }

    /** The base path of the management API; the SDK client's endpoint is the gateway's URL plus this. */
    public String managementPath() {
        return managementPath;
    }

    /** Connections open right now. */
    public int connected() {
        return open.size();
    }

    @Override
    public Delivery post(String connectionId, String message) {
        LocalSocket socket = open.get(connectionId);
        return socket != null && socket.send(message) ? Delivery.DELIVERED : Delivery.GONE;
    }

    @Override
    public void close() {
        open.values().forEach(LocalSocket::close);
        disconnects.shutdown();
    }

    /** The {@code $connect} route: a socket for an admitted upgrade, or the refusal written and null. */
    Object accept(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        String connectionId = token(12);
        Map<String, String> headers = new HashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.merge(field.getLowerCaseName(), field.getValue(), (a, b) -> a + "," + b);
        }
        Map<String, String> query = new HashMap<>();
        Fields parameters = Request.extractQueryParameters(request);
        parameters.forEach(field -> query.put(field.getName(), field.getValue()));
        LiveSockets.Admission admission = sockets.connect(connectionId, headers, query, Request.getRemoteAddr(request));
        if (!admission.admitted()) {
            byte[] body = Json.write(admission.error()).getBytes(StandardCharsets.UTF_8);
            response.setStatus(admission.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
            return null;
        }
        return new LocalSocket(this, connectionId, Request.getRemoteAddr(request));
    }

    void opened(LocalSocket socket) {
        open.put(socket.id(), socket);
    }

    String received(LocalSocket socket, String text) {
        return sockets.receive(socket.id(), text);
    }

    void closed(LocalSocket socket) {
        if (open.remove(socket.id(), socket)) {
            disconnects.execute(() -> {
                try {
                    sockets.disconnect(socket.id());
                } catch (RuntimeException e) {
                    log.warn("Could not forget connection {}: {}", socket.id(), e.toString());
                }
            });
        }
    }

    /** API Gateway's management API on the open sockets; false when the request is for something else. */
    boolean handleManagement(Request request, Response response, Callback callback) throws IOException {
        String path = Request.getPathInContext(request);
        String prefix = managementPath + CONNECTIONS;
        if (!path.startsWith(prefix)) {
            return false;
        }
        String connectionId = path.substring(prefix.length());
        LocalSocket socket = open.get(connectionId);
        if (socket == null) {
            gone(response, callback);
            return true;
        }
        switch (request.getMethod()) {
            case "POST" -> {
                String message;
                try (InputStream in = Content.Source.asInputStream(request)) {
                    message = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (socket.send(message)) {
                    respond(response, callback, 200, "{}");
                } else {
                    gone(response, callback);
                }
            }
            case "GET" ->
                respond(
                        response,
                        callback,
                        200,
                        Json.write(Map.of(
                                "connectedAt", socket.connectedAt().toString(),
                                "lastActiveAt", socket.lastActiveAt().toString(),
                                "identity", Map.of("sourceIp", socket.sourceIp()))));
            case "DELETE" -> {
                socket.close();
                respond(response, callback, 204, null);
            }
            default -> respond(response, callback, 405, "{\"message\":\"Method Not Allowed\"}");
        }
        return true;
    }

    /** As API Gateway answers for a connection that no longer exists: 410, error type GoneException. */
    private static void gone(Response response, Callback callback) {
        response.getHeaders().put("x-amzn-ErrorType", "GoneException");
        respond(response, callback, 410, "{\"message\":\"Gone\"}");
    }

    private static void respond(Response response, Callback callback, int status, String json) {
        response.setStatus(status);
        if (json == null) {
            response.write(true, null, callback);
            return;
        }
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private String token(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}
