package io.comfyless.functions.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** A small HTTP client for API tests: real requests, JSON answers. */
final class HttpCalls {

    record Reply(int status, JsonNode json, HttpResponse<String> raw) {}

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;

    HttpCalls(URI base) {
        this.base = base;
    }

    Reply get(String path) {
        return get(path, Map.of());
    }

    Reply get(String path, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), headers);
    }

    Reply delete(String path) {
        return delete(path, Map.of());
    }

    Reply delete(String path, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE(), headers);
    }

    Reply delete(String path, String body, Map<String, String> headers) {
        return send(
                HttpRequest.newBuilder(base.resolve(path))
                        .method("DELETE", HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json"),
                headers);
    }

    Reply post(String path, String body) {
        return post(path, body, Map.of());
    }

    Reply post(String path, String body, Map<String, String> headers) {
        return send(
                HttpRequest.newBuilder(base.resolve(path))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json"),
                headers);
    }

    Reply put(String path, String body, Map<String, String> headers) {
        return send(
                HttpRequest.newBuilder(base.resolve(path))
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json"),
                headers);
    }

    private Reply send(HttpRequest.Builder request, Map<String, String> headers) {
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? null : Json.read(response.body());
            return new Reply(response.statusCode(), json, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
