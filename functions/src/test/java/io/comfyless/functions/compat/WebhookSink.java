package io.comfyless.functions.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.comfyless.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A webhook receiver on loopback that acknowledges every delivery and keeps what it received. */
final class WebhookSink implements AutoCloseable {

    /** One delivery: the body exactly as received, and its headers (lower-case names). */
    record Delivery(String body, Map<String, String> headers) {

        JsonNode json() {
            return Json.read(body);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    WebhookSink() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange;
                    InputStream in = exchange.getRequestBody()) {
                Map<String, String> headers = new HashMap<>();
                exchange.getRequestHeaders()
                        .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
                deliveries.add(new Delivery(new String(in.readAllBytes(), StandardCharsets.UTF_8), headers));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    Optional<Delivery> first(Predicate<JsonNode> matching) {
        return deliveries.stream().filter(d -> matching.test(d.json())).findFirst();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
