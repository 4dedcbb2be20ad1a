package io.comfyless.testkit.comfyui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A thin JDK {@link HttpClient} wrapper for talking to the double the way a ComfyUI client would. */
final class ComfyHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    // HTTP/1.1: the JDK's default h2c upgrade header makes an older ComfyUI (aiohttp 3.9) drop a POST body.
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;

    ComfyHttp(String base) {
        this.base = base;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> post(String path, String body) {
        return send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GET that must answer 200 with JSON. */
    JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode())
                .as("GET %s: %s", path, response.body())
                .isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return parse(response.body());
    }

    /** {@code POST /prompt} with this API-format graph; the answer as it came. */
    HttpResponse<String> postPrompt(String promptJson, String clientId) {
        ObjectNode body = JSON.createObjectNode();
        body.set("prompt", parse(promptJson));
        if (clientId != null) {
            body.put("client_id", clientId);
        }
        return post("/prompt", body.toString());
    }

    /** Queues a prompt that must be accepted and returns its prompt_id. */
    String submit(String promptJson, String clientId) {
        HttpResponse<String> response = postPrompt(promptJson, clientId);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return parse(response.body()).get("prompt_id").asText();
    }

    /** The history entry of a prompt, or null when {@code /history/{id}} answers {@code {}}. */
    JsonNode history(String promptId) {
        return getJson("/history/" + promptId).get(promptId);
    }

    /** {@code POST /upload/image} as multipart/form-data. */
    HttpResponse<String> upload(String filename, byte[] image, Map<String, String> fields) {
        String boundary = "----double" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.forEach((name, value) -> write(
                body,
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                        + "\r\n"));
        if (image != null) {
            write(
                    body,
                    "--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + filename
                            + "\"\r\nContent-Type: image/png\r\n\r\n");
            body.writeBytes(image);
            write(body, "\r\n");
        }
        write(body, "--" + boundary + "--\r\n");
        return send(
                HttpRequest.newBuilder(uri("/upload/image"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
