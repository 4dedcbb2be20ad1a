package io.comfyless.bench.overhead;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A client of ComfyLess's API, as the sample clients are written: {@code POST /v1/workflows/execute?wait=25}
 * answers with the results when the job ends within the wait; otherwise it follows the job with
 * {@code GET /v1/workflows/{id}?wait=25}, then reads its results. Either way it fetches the output
 * through its presigned link. Against a server that answers at once instead of holding the request,
 * it asks again after {@link #FALLBACK_POLL}.
 */
final class StackClient implements JobClient {

    static final int WAIT_SECONDS = 25;
    private static final Duration FALLBACK_POLL = Duration.ofMillis(100);
    private static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled");

    private final URI api;
    private final HttpClient http;

    StackClient(URI api, HttpClient http) {
        this.api = api;
        this.http = http;
    }

    @Override
    public Finished run(ObjectNode prompt) throws Exception {
        ObjectNode body = Json.object();
        body.set("workflow", prompt);
        HttpResponse<String> accepted =
                send(HttpRequest.newBuilder(api.resolve("/v1/workflows/execute?wait=" + WAIT_SECONDS))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        JsonNode answer = Json.read(accepted.body());
        JsonNode results = accepted.statusCode() == 200
                ? answer
                : follow(answer.path("execution_id").asText());
        String id = results.path("execution_id").asText();
        if (!results.path("status").asText().equals("completed")) {
            throw new IllegalStateException(
                    "Job " + id + " ended " + results.path("status").asText() + ": " + results.path("error"));
        }
        JsonNode output = results.path("results").path("outputs").path(0);
        HttpResponse<byte[]> file = http.send(
                HttpRequest.newBuilder(
                                URI.create(output.path("storage").path("url").asText()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (file.statusCode() != 200) {
            throw new IllegalStateException("Output of " + id + " answered " + file.statusCode());
        }
        JsonNode metrics = results.path("execution_metrics");
        return new Finished(
                file.body().length, seconds(metrics.path("queue_time")), seconds(metrics.path("processing_time")));
    }

    private static Optional<Duration> seconds(JsonNode value) {
        return value.isNumber()
                ? Optional.of(Duration.ofMillis(Math.round(value.asDouble() * 1000)))
                : Optional.empty();
    }

    /** Follows the job to its end, then returns its results. */
    private JsonNode follow(String id) throws Exception {
        String seen = "";
        while (true) {
            JsonNode job =
                    Json.read(send(HttpRequest.newBuilder(api.resolve("/v1/workflows/" + id + "?wait=" + WAIT_SECONDS))
                                    .GET())
                            .body());
            String status = job.path("status").asText();
            if (TERMINAL.contains(status)) {
                return Json.read(send(HttpRequest.newBuilder(api.resolve("/v1/workflows/" + id + "/results"))
                                .GET())
                        .body());
            }
            String state = status + job.path("progress");
            if (state.equals(seen)) {
                Thread.sleep(FALLBACK_POLL.toMillis());
            }
            seen = state;
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                request.timeout(Duration.ofSeconds(WAIT_SECONDS + 10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(
                    request.build().uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    @Override
    public void close() {
        // The HTTP client is shared between the clients of a phase.
    }
}
