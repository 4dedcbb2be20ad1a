package io.comfyless.functions.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.comfyless.core.json.Json;
import io.comfyless.functions.http.ErrorBody;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API Gateway for the local stack: an HTTP server on loopback that turns each request into the
 * same HTTP API (payload 2.0) event AWS would send, invokes the Lambda handler with it, and writes
 * the handler's response back. The function cannot tell it is not in AWS. Its own refusals (a body
 * over the payload limit, a handler that fails outright) use the API's error shape. When given the
 * web console's files, it also serves them under {@code /console/}, on the API's own origin.
 */
public final class LocalGateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalGateway.class);
    /** API Gateway's own limits: 10 MB payloads, 30 s integration timeout. */
    static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

    static final Duration INTEGRATION_TIMEOUT = Duration.ofSeconds(30);

    private final HttpServer server;
    private final ExecutorService threads;
    private final RequestStreamHandler handler;
    private final Optional<ConsoleFiles> console;

    private LocalGateway(
            HttpServer server, ExecutorService threads, RequestStreamHandler handler, Optional<ConsoleFiles> console) {
        this.server = server;
        this.threads = threads;
        this.handler = handler;
        this.console = console;
    }

    /** Starts on {@code 127.0.0.1:port} (0 picks a free port). */
    public static LocalGateway start(RequestStreamHandler handler, int port) {
        return start(handler, port, Optional.empty());
    }

    /** As {@link #start(RequestStreamHandler, int)}, serving the console's files when there are any. */
    public static LocalGateway start(RequestStreamHandler handler, int port, Optional<ConsoleFiles> console) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
            ExecutorService threads = Executors.newFixedThreadPool(32, runnable -> {
                Thread thread = new Thread(runnable, "local-gateway");
                thread.setDaemon(true);
                return thread;
            });
            LocalGateway gateway = new LocalGateway(server, threads, handler, console);
            server.createContext("/", gateway::serve);
            server.setExecutor(threads);
            server.start();
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + port, e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (console.isPresent() && ConsoleFiles.handles(path)) {
            serveConsole(exchange, console.get().serve(exchange.getRequestMethod(), path));
            return;
        }
        String requestId = UUID.randomUUID().toString();
        try (exchange) {
            byte[] body = readLimited(exchange.getRequestBody());
            if (body == null) {
                sendError(
                        exchange,
                        413,
                        "payload_too_large",
                        "The request body is larger than " + MAX_PAYLOAD_BYTES / (1024 * 1024) + " MB",
                        requestId);
                return;
            }
            byte[] event = HttpEvents.request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI(),
                    exchange.getRequestHeaders(),
                    body,
                    requestId,
                    exchange.getRemoteAddress().getAddress().getHostAddress(),
                    Instant.now());
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            handler.handleRequest(
                    new ByteArrayInputStream(event),
                    output,
                    LocalLambdaContext.of(requestId, "api", INTEGRATION_TIMEOUT));
            HttpEvents.Response response = HttpEvents.response(output.toByteArray());
            response.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            send(exchange, response.status(), null, response.body());
        } catch (RuntimeException e) {
            // What API Gateway answers when the integration itself fails.
            log.error("Function invocation failed [request {}]", requestId, e);
            sendError(
                    exchange,
                    500,
                    "internal_error",
                    "Internal error; quote request_id " + requestId + " when reporting it",
                    requestId);
        }
    }

    /** The gateway's own refusals speak the API's error shape, with the id it gave the request. */
    private static void sendError(HttpExchange exchange, int status, String error, String message, String requestId)
            throws IOException {
        exchange.getResponseHeaders().set("X-Request-Id", requestId);
        byte[] body = Json.write(new ErrorBody(error, status, message, List.of(), requestId))
                .getBytes(StandardCharsets.UTF_8);
        send(exchange, status, "application/json", body);
    }

    private static void serveConsole(HttpExchange exchange, ConsoleFiles.Reply reply) throws IOException {
        try (exchange) {
            reply.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            send(exchange, reply.status(), null, reply.body());
        }
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_PAYLOAD_BYTES + 1);
        return bytes.length > MAX_PAYLOAD_BYTES ? null : bytes;
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        boolean empty = body.length == 0 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
