package io.comfyless.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/** The ComfyLess HTTP API as the CLI uses it: JSON in, JSON out, API errors as {@link ApiError}. */
public final class ApiClient {

    /** A non-2xx answer, carrying the API's own message. */
    public static final class ApiError extends RuntimeException {
        private final int status;
        private final long retryAfterSeconds;

        ApiError(int status, String message) {
            this(status, message, 0);
        }

        ApiError(int status, String message, long retryAfterSeconds) {
            super(message);
            this.status = status;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public int status() {
            return status;
        }

        /** From a 429's Retry-After header; 0 when absent. */
        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private final URI base;
    private final String key;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public ApiClient(URI base, String key) {
        this.base = base;
        this.key = key;
    }

    public JsonNode get(String path) {
        return send(request(path).GET());
    }

    public JsonNode post(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public JsonNode put(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public JsonNode delete(String path) {
        return send(request(path).DELETE());
    }

    /** Downloads a (presigned) URL to a file. */
    public void download(String url, Path target) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            HttpResponse<InputStream> response = http.send(
                    HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new ApiError(
                            response.statusCode(),
                            "Download of " + target.getFileName() + " failed with " + response.statusCode());
                }
                Files.copy(body, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new ApiError(0, "Download failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(0, "Interrupted");
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (key != null && !key.isBlank()) {
            request.header("Authorization", "Bearer " + key);
        }
        return request;
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? Json.object() : Json.read(response.body());
            if (response.statusCode() >= 400) {
                long retryAfter = response.headers()
                        .firstValue("retry-after")
                        .map(Long::parseLong)
                        .orElse(0L);
                throw new ApiError(
                        response.statusCode(),
                        body.path("message").asText("HTTP " + response.statusCode()),
                        retryAfter);
            }
            return body;
        } catch (IOException e) {
            throw new ApiError(
                    0,
                    "Cannot reach the API at " + base + " (" + e.getMessage()
                            + "). Is the stack running? Start it with ./comfyless up, or pass --api.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(0, "Interrupted");
        }
    }
}
