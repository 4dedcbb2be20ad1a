package io.comfyless.runner.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.worker.SetupStage;
import io.comfyless.runner.RunnerConfig;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * The setup stages that happened before the runner process started, from those who saw them: the
 * host's boot time from its facts file ({@code booted_at}, written by the instance's user data),
 * the image pull from the ECS agent's task metadata, and ComfyUI's launch from the entrypoint
 * ({@value #COMFYUI_STARTED_AT_VAR}, epoch milliseconds). Each is skipped when its source is absent.
 */
public final class HostSetup {

    /** Set by {@code gpu-runner/docker/entrypoint.sh} when it launches ComfyUI. */
    public static final String COMFYUI_STARTED_AT_VAR = "COMFYLESS_COMFYUI_STARTED_AT";

    private HostSetup() {}

    public static void record(SetupProgress setup, Function<String, String> env) {
        JsonNode facts = RunnerConfig.instanceFacts(env);
        instant(facts.path("booted_at").asText(null)).ifPresent(at -> setup.began(SetupStage.LAUNCHING, at));
        EcsTaskMetadata.pullStartedAt(env).ifPresent(at -> setup.began(SetupStage.PULLING_IMAGE, at));
        Optional.ofNullable(env.apply(COMFYUI_STARTED_AT_VAR))
                .filter(value -> value.matches("\\d{10,16}"))
                .map(value -> Instant.ofEpochMilli(Long.parseLong(value)))
                .ifPresent(at -> setup.began(SetupStage.STARTING_COMFYUI, at));
    }

    private static Optional<Instant> instant(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
