package io.comfyless.core.worker;

import java.util.Locale;
import java.util.Optional;

/**
 * The steps from an empty GPU host to a runner taking jobs, in the order they happen. A worker
 * records when each began, so a user whose first job waits can see why: the instance is still
 * booting, the image is still being pulled, ComfyUI is starting, or models are being copied.
 */
public enum SetupStage {
    /** The instance booted (its boot time, from the host). */
    LAUNCHING,
    /** The ECS agent began pulling the runner image (from the task metadata endpoint). */
    PULLING_IMAGE,
    /** The container started ComfyUI. */
    STARTING_COMFYUI,
    /** ComfyUI answers; the models named to be kept warm are copied from the model store. */
    STAGING_MODELS,
    /** The runner takes jobs. */
    READY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SetupStage> fromWire(String value) {
        for (SetupStage stage : values()) {
            if (stage.wire().equals(value)) {
                return Optional.of(stage);
            }
        }
        return Optional.empty();
    }
}
