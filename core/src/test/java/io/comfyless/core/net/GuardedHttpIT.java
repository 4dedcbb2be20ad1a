package io.comfyless.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.comfyless.core.error.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests go to the address the guard checked, under the URL's own host name, over real HTTP. */
class GuardedHttpIT {

    private HttpServer server;
    private final List<String> hosts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            exchange.getRequestBody().readAllBytes();
            boolean redirect = exchange.getRequestURI().getPath().equals("/moved");
            if (redirect) {
                exchange.getResponseHeaders().set("Location", "http://elsewhere.test/");
            }
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(redirect ? 302 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theNameIsResolvedOnceAndTheCheckedAddressIsTheOneConnectedTo() throws IOException {
        AtomicInteger lookups = new AtomicInteger();
        // A rebinding DNS: loopback the first time (allowed here), somewhere unroutable after that.
        UrlGuard guard = new UrlGuard(true, true, host ->
                new InetAddress[] {InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "192.0.2.1")});
        GuardedHttp http = new GuardedHttp(guard, Duration.ofSeconds(2), Duration.ofSeconds(5));
        String url = "http://rebinding.test:" + server.getAddress().getPort() + "/hook";

        int status;
        String body;
        try (GuardedHttp.Response response =
                        http.post(guard.resolve(url, "webhook_url"), Map.of(), new byte[] {1}, "application/json");
                InputStream in = response.body()) {
            status = response.status();
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(status).isEqualTo(200);
        assertThat(body).isEqualTo("hello");
        assertThat(lookups).hasValue(1);
        assertThat(hosts)
                .containsExactly("rebinding.test:" + server.getAddress().getPort());
    }

    @Test
    void redirectsAreHandedBackNotFollowed() throws IOException {
        UrlGuard guard = new UrlGuard(true, true, host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")});
        GuardedHttp http = new GuardedHttp(guard, Duration.ofSeconds(2), Duration.ofSeconds(5));

        try (GuardedHttp.Response response =
                http.get("http://files.test:" + server.getAddress().getPort() + "/moved", "image")) {

            assertThat(response.status()).isEqualTo(302);
            assertThat(response.header("Location")).hasValue("http://elsewhere.test/");
        }
        assertThat(hosts).hasSize(1);
    }

    @Test
    void aRefusedUrlIsNeverConnectedTo() {
        UrlGuard guard = new UrlGuard(true, false, host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")});
        GuardedHttp http = new GuardedHttp(guard, Duration.ofSeconds(2), Duration.ofSeconds(5));

        assertThatThrownBy(() ->
                        http.get("http://inward.test:" + server.getAddress().getPort() + "/", "image"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("loopback");
        assertThat(hosts).isEmpty();
    }
}
