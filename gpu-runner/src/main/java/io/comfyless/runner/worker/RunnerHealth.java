package io.comfyless.runner.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.comfyless.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The runner's own probes, for its container's health check: {@code GET /health} answers 200 while the process lives;
 * {@code GET /ready} answers 200 while the runner can take work and 503, saying why, when it cannot (its ComfyUI does
 * not answer, its WebSocket is down, it drains). Served only when {@value #PORT_ENV} names a port.
 */
public final class RunnerHealth implements AutoCloseable {

    public static final String PORT_ENV = "COMFYLESS_HEALTH_PORT";

    private final HttpServer server;

    private RunnerHealth(HttpServer server) {
        this.server = server;
    }

    /** @param notReady why the runner takes no work now; empty when it does */
    public static RunnerHealth start(int port, Supplier<Optional<String>> notReady) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            server.createContext("/health", exchange -> answer(exchange, 200, "alive", null));
            server.createContext("/ready", exchange -> {
                Optional<String> reason = notReady.get();
                answer(
                        exchange,
                        reason.isEmpty() ? 200 : 503,
                        reason.isEmpty() ? "ready" : "not_ready",
                        reason.orElse(null));
            });
            server.start();
            return new RunnerHealth(server);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve runner health on port " + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, int status, String state, String reason) throws IOException {
        var body = Json.object().put("status", state);
        if (reason != null) {
            body.put("reason", reason);
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
