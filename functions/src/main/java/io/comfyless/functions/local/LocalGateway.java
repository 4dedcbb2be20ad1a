package io.comfyless.functions.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.comfyless.contract.Live;
import io.comfyless.core.json.Json;
import io.comfyless.functions.http.ErrorBody;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API Gateway for the local stack, on one loopback port: every HTTP request becomes the same HTTP API
 * (payload 2.0) event AWS would send, goes to the Lambda handler, and its response goes back; the
 * function cannot tell it is not in AWS; its own refusals (a body over the payload limit, a handler
 * that fails outright) use the API's error shape. Beside it, the live-update WebSocket at {@value Live#LOCAL_PATH}
 * and its management API ({@link LocalLiveServer}), as a WebSocket API would serve them, and, when
 * given its files, the web console under {@code /console/}, on the API's own origin.
 *
 * <p>Each route is a handler of its own in {@link #routes}, tried in turn before the API function.
 */
public final class LocalGateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalGateway.class);
    /** API Gateway's own limits: 10 MB payloads, 30 s integration timeout. */
    static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

    static final Duration INTEGRATION_TIMEOUT = Duration.ofSeconds(30);
    /** API Gateway closes a WebSocket connection that carried nothing for ten minutes. */
    static final Duration WEBSOCKET_IDLE_TIMEOUT = Duration.ofMinutes(10);

    private final Server server;

    private LocalGateway(Server server) {
        this.server = server;
    }

    /** Starts on {@code 127.0.0.1:port} (0 picks a free port), serving the console's files when there are any. */
    public static LocalGateway start(
            RequestStreamHandler handler, LocalLiveServer live, int port, Optional<ConsoleFiles> console) {
        QueuedThreadPool threads = new QueuedThreadPool(256, 8);
        threads.setName("local-gateway");
        threads.setDaemon(true);
        Server server = new Server(threads);
        server.setStopTimeout(0);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // API Gateway hands the function the raw path as the client sent it (%2F, .. and all); the
        // router, not the gateway, decides what is a bad path.
        http.setUriCompliance(UriCompliance.UNSAFE);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(routes(server, handler, live, console));
        try {
            server.start();
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException("Cannot listen on 127.0.0.1:" + port, e));
        }
        return new LocalGateway(server);
    }

    /**
     * The WebSocket upgrade at {@value Live#LOCAL_PATH}; then the management API under its own
     * unguessable path, the console's files, and for everything else the API function.
     */
    private static ContextHandlerCollection routes(
            Server server, RequestStreamHandler api, LocalLiveServer live, Optional<ConsoleFiles> console) {
        ContextHandler root = new ContextHandler("/");
        WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(server, root, container -> {
            container.setIdleTimeout(WEBSOCKET_IDLE_TIMEOUT);
            container.addMapping(Live.LOCAL_PATH, live::accept);
        });
        upgrades.setHandler(new Handler.Wrapper(new LambdaHandler(api)) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                return live.handleManagement(request, response, callback)
                        || serveConsole(console, request, response, callback)
                        || super.handle(request, response, callback);
            }
        });
        root.setHandler(upgrades);
        ContextHandlerCollection routes = new ContextHandlerCollection();
        routes.addHandler(root);
        return routes;
    }

    /** The console's files, as CloudFront would answer them; false when the path is not the console's. */
    private static boolean serveConsole(
            Optional<ConsoleFiles> console, Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        if (console.isEmpty() || !ConsoleFiles.handles(path)) {
            return false;
        }
        ConsoleFiles.Reply reply = console.get().serve(request.getMethod(), path);
        response.setStatus(reply.status());
        reply.headers().forEach(response.getHeaders()::put);
        if (reply.body().length == 0 || request.getMethod().equals("HEAD")) {
            response.write(true, null, callback);
        } else {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
            response.write(true, ByteBuffer.wrap(reply.body()), callback);
        }
        return true;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("Stopping the local gateway failed: {}", e.toString());
        }
    }

    /** The API function behind API Gateway's HTTP API. */
    private static final class LambdaHandler extends Handler.Abstract {

        private final RequestStreamHandler handler;

        LambdaHandler(RequestStreamHandler handler) {
            this.handler = handler;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String requestId = UUID.randomUUID().toString();
            try {
                byte[] body = readLimited(request);
                if (body == null) {
                    sendError(
                            request,
                            response,
                            callback,
                            413,
                            "payload_too_large",
                            "The request body is larger than " + MAX_PAYLOAD_BYTES / (1024 * 1024) + " MB",
                            requestId);
                    return true;
                }
                byte[] event = HttpEvents.request(
                        request.getMethod(),
                        URI.create(request.getHttpURI().getPathQuery()),
                        headers(request),
                        body,
                        requestId,
                        Request.getRemoteAddr(request),
                        Instant.now());
                ByteArrayOutputStream output = new ByteArrayOutputStream();
                handler.handleRequest(
                        new ByteArrayInputStream(event),
                        output,
                        LocalLambdaContext.of(requestId, "api", INTEGRATION_TIMEOUT));
                HttpEvents.Response answer = HttpEvents.response(output.toByteArray());
                response.setStatus(answer.status());
                answer.headers().forEach(response.getHeaders()::put);
                write(request, response, callback, answer.body());
            } catch (IOException | RuntimeException e) {
                // What API Gateway answers when the integration itself fails.
                log.error("Function invocation failed [request {}]", requestId, e);
                sendError(
                        request,
                        response,
                        callback,
                        500,
                        "internal_error",
                        "Internal error; quote request_id " + requestId + " when reporting it",
                        requestId);
            }
            return true;
        }

        /** The gateway's own refusals speak the API's error shape, with the id it gave the request. */
        private static void sendError(
                Request request,
                Response response,
                Callback callback,
                int status,
                String error,
                String message,
                String requestId) {
            response.getHeaders().put("X-Request-Id", requestId);
            send(
                    request,
                    response,
                    callback,
                    status,
                    Json.write(ErrorBody.of(error, status, message, requestId, Instant.now())));
        }

        private static byte[] readLimited(Request request) throws IOException {
            try (InputStream in = Content.Source.asInputStream(request)) {
                byte[] bytes = in.readNBytes(MAX_PAYLOAD_BYTES + 1);
                return bytes.length > MAX_PAYLOAD_BYTES ? null : bytes;
            }
        }

        /** Header values by name as the client sent them, repeated headers kept apart (HttpEvents joins them). */
        private static Map<String, List<String>> headers(Request request) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (HttpField field : request.getHeaders()) {
                headers.computeIfAbsent(field.getName(), name -> new ArrayList<>())
                        .add(field.getValue());
            }
            return headers;
        }

        private static void send(Request request, Response response, Callback callback, int status, String json) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            write(request, response, callback, json.getBytes(StandardCharsets.UTF_8));
        }

        private static void write(Request request, Response response, Callback callback, byte[] body) {
            if (body.length == 0 || request.getMethod().equals("HEAD")) {
                response.write(true, null, callback);
            } else {
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                response.write(true, ByteBuffer.wrap(body), callback);
            }
        }
    }
}
