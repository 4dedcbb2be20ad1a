package io.comfyless.runner.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * ComfyUI's HTTP API, as far as the runner needs it (COMFYUI_PROTOCOL.md section 2). Connection
 * failures and 5xx answers become {@link ComfyUiUnavailableException}; a refused prompt becomes
 * {@link PromptRejectedException}.
 */
public final class ComfyUiClient {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(10);

    private final URI base;
    private final HttpClient http;

    public ComfyUiClient(URI base) {
        this.base = base;
        // HTTP/1.1 only: ComfyUI does not speak HTTP/2, and the aiohttp of older ComfyUI reads the body of
        // a request that offers the h2c upgrade as the start of another request, answering 500.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public URI base() {
        return base;
    }

    /**
     * {@code POST /prompt}, asking for {@code promptId} (a UUID, as newer ComfyUI requires).
     *
     * @return the id ComfyUI gave the prompt: {@code promptId}, except on ComfyUI from before it honoured
     *     a client's choice (March 2024 and older), which assigns its own
     */
    public String submit(ObjectNode prompt, String promptId, String clientId, JsonNode extraData) {
        ObjectNode body = Json.object();
        body.set("prompt", prompt);
        body.put("client_id", clientId);
        body.put("prompt_id", promptId);
        if (extraData != null) {
            body.set("extra_data", extraData);
        }
        HttpResponse<String> response = send(post("/prompt", body), HttpResponse.BodyHandlers.ofString(), CALL_TIMEOUT);
        if (response.statusCode() == 400) {
            throw new PromptRejectedException(Json.read(response.body()));
        }
        expectOk(response, "POST /prompt");
        return Json.read(response.body()).path("prompt_id").asText(promptId);
    }

    /** The history entry of a prompt, once ComfyUI has finished it. */
    public Optional<JsonNode> history(String promptId) {
        HttpResponse<String> response =
                send(get("/history/" + promptId), HttpResponse.BodyHandlers.ofString(), CALL_TIMEOUT);
        expectOk(response, "GET /history");
        JsonNode entry = Json.read(response.body()).get(promptId);
        return Optional.ofNullable(entry);
    }

    /** Stops the prompt if it is the one running; no effect otherwise. */
    public void interrupt(String promptId) {
        ObjectNode body = Json.object().put("prompt_id", promptId);
        expectOk(send(post("/interrupt", body), HttpResponse.BodyHandlers.ofString(), CALL_TIMEOUT), "POST /interrupt");
    }

    /** Removes a prompt that is still waiting in ComfyUI's queue. */
    public void deleteQueued(String promptId) {
        ObjectNode body = Json.object();
        body.putArray("delete").add(promptId);
        expectOk(send(post("/queue", body), HttpResponse.BodyHandlers.ofString(), CALL_TIMEOUT), "POST /queue");
    }

    /** Prompt ids running and waiting in ComfyUI's own queue. */
    public QueueSnapshot queue() {
        HttpResponse<String> response = send(get("/queue"), HttpResponse.BodyHandlers.ofString(), CALL_TIMEOUT);
        expectOk(response, "GET /queue");
        JsonNode queue = Json.read(response.body());
        return new QueueSnapshot(ids(queue.path("queue_running")), ids(queue.path("queue_pending")));
    }

    public JsonNode systemStats() {
        HttpResponse<String> response = send(get("/system_stats"), HttpResponse.BodyHandlers.ofString(), CALL_TIMEOUT);
        expectOk(response, "GET /system_stats");
        return Json.read(response.body());
    }

    /** Whether ComfyUI answers at all. */
    public boolean isUp() {
        try {
            return http.send(
                                    get("/prompt")
                                            .timeout(Duration.ofSeconds(3))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * {@code POST /upload/image} into the input directory.
     *
     * @return the value a LoadImage input takes to read it: {@code subfolder/name}
     */
    public String uploadImage(byte[] bytes, String filename, String subfolder) {
        String boundary = "comfyless-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        field(body, boundary, "type", "input");
        field(body, boundary, "subfolder", subfolder);
        field(body, boundary, "overwrite", "true");
        write(
                body,
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\""
                        + filename.replace("\"", "") + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.writeBytes(bytes);
        write(body, "\r\n--" + boundary + "--\r\n");
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/upload/image"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(), TRANSFER_TIMEOUT);
        expectOk(response, "POST /upload/image");
        JsonNode uploaded = Json.read(response.body());
        String sub = uploaded.path("subfolder").asText("");
        return sub.isEmpty()
                ? uploaded.path("name").asText()
                : sub + "/" + uploaded.path("name").asText();
    }

    /** {@code GET /view}: streams one file ComfyUI produced. The caller closes the stream. */
    public Download view(String filename, String subfolder, String type) {
        String query = "filename=" + encode(filename) + "&subfolder=" + encode(subfolder) + "&type=" + encode(type);
        HttpResponse<InputStream> response =
                send(get("/view?" + query), HttpResponse.BodyHandlers.ofInputStream(), TRANSFER_TIMEOUT);
        if (response.statusCode() != 200) {
            closeQuietly(response.body());
            throw new ComfyUiUnavailableException("GET /view " + filename + " answered " + response.statusCode(), null);
        }
        return new Download(
                response.body(), response.headers().firstValue("content-type").orElse("application/octet-stream"));
    }

    /** A file being downloaded from ComfyUI. */
    public record Download(InputStream content, String contentType) {}

    /** ComfyUI's queue: the prompt running now and those waiting. */
    public record QueueSnapshot(List<String> running, List<String> pending) {}

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).GET();
    }

    private HttpRequest.Builder post(String path, JsonNode body) {
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    private <T> HttpResponse<T> send(
            HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler, Duration timeout) {
        try {
            return http.send(request.timeout(timeout).build(), handler);
        } catch (IOException e) {
            throw new ComfyUiUnavailableException("ComfyUI at " + base + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ComfyUiUnavailableException("Interrupted while calling ComfyUI", e);
        }
    }

    private static void expectOk(HttpResponse<?> response, String call) {
        if (response.statusCode() != 200) {
            throw new ComfyUiUnavailableException(call + " answered " + response.statusCode(), null);
        }
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.path(1).asText()));
        return ids;
    }

    private static void field(ByteArrayOutputStream body, String boundary, String name, String value) {
        write(
                body,
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
    }

    private static void write(ByteArrayOutputStream body, String text) {
        body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to do: the stream is being discarded
        }
    }
}
