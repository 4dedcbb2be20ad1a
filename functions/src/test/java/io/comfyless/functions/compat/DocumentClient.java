package io.comfyless.functions.compat;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sends a document's example requests as written (method, path, query, body, headers) with the
 * bearer token the document asks for, and reads the answers.
 */
final class DocumentClient {

    /** One answer: status, headers, body as bytes and, when it is JSON, as a tree. */
    record Reply(int status, HttpResponse<byte[]> raw) {

        JsonNode json() {
            return Json.read(new String(raw.body(), StandardCharsets.UTF_8));
        }

        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        byte[] bytes() {
            return raw.body();
        }
    }

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final URI base;
    private final Map<String, String> headers = new LinkedHashMap<>();

    DocumentClient(URI base) {
        this.base = base;
    }

    /** Every later request carries {@code Authorization: Bearer <token>}. */
    DocumentClient bearer(String token) {
        headers.put("Authorization", "Bearer " + token);
        return this;
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Reply delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    Reply delete(String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .method("DELETE", HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json"));
    }

    Reply post(String path, String json) {
        return post(path, json, Map.of());
    }

    Reply post(String path, String json, Map<String, String> extra) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        extra.forEach(request::header);
        return send(request);
    }

    Reply put(String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .PUT(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json"));
    }

    /** A {@code multipart/form-data} POST with one file field and plain text fields. */
    Reply postFile(
            String path, String field, String filename, String contentType, byte[] bytes, Map<String, String> fields) {
        String boundary = "----comfyless" + Long.toHexString(System.nanoTime());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> write(
                body,
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                        + "\r\n"));
        write(
                body,
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
                        + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
        body.writeBytes(bytes);
        write(body, "\r\n--" + boundary + "--\r\n");
        return send(HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary));
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private Reply send(HttpRequest.Builder request) {
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
