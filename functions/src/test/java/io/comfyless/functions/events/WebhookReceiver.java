package io.comfyless.functions.events;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on loopback that answers 500 to the first {@code failures} deliveries of
 * every event and 200 afterwards, recording every request it saw and what it answered.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    record Delivery(String eventId, String signature, long timestamp, String body, int status) {}

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    WebhookReceiver(int failures) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String eventId = exchange.getRequestHeaders().getFirst("X-ComfyLess-Event-Id");
                int attempt = attempts.computeIfAbsent(eventId, id -> new AtomicInteger())
                        .incrementAndGet();
                int status = attempt <= failures ? 500 : 200;
                deliveries.add(new Delivery(
                        eventId,
                        exchange.getRequestHeaders().getFirst("X-ComfyLess-Signature"),
                        Long.parseLong(exchange.getRequestHeaders().getFirst("X-ComfyLess-Timestamp")),
                        body,
                        status));
                exchange.sendResponseHeaders(status, -1);
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
