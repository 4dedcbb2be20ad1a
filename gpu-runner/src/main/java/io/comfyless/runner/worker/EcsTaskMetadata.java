package io.comfyless.runner.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ECS task metadata endpoint (version 4), which the ECS agent serves to every container of a
 * task at {@value #URI_VAR}; the runner reads when the agent began pulling the task's image.
 * Outside ECS the variable is absent and nothing is read.
 */
public final class EcsTaskMetadata {

    public static final String URI_VAR = "ECS_CONTAINER_METADATA_URI_V4";

    private static final Logger log = LoggerFactory.getLogger(EcsTaskMetadata.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private EcsTaskMetadata() {}

    /** {@code PullStartedAt} of this task, when the endpoint is there and says. */
    public static Optional<Instant> pullStartedAt(Function<String, String> env) {
        return Optional.ofNullable(env.apply(URI_VAR))
                .filter(uri -> !uri.isBlank())
                .flatMap(EcsTaskMetadata::task)
                .flatMap(task -> instant(task.path("PullStartedAt")));
    }

    private static Optional<JsonNode> task(String base) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/task"))
                            .timeout(TIMEOUT)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(Json.read(response.body())) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot read the ECS task metadata at {}: {}", base, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Optional<Instant> instant(JsonNode value) {
        if (!value.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value.asText()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
