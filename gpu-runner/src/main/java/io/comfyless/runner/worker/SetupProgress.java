package io.comfyless.runner.worker;

import io.comfyless.core.worker.SetupStage;
import io.comfyless.core.worker.SetupStep;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * When this runner's host and container began each {@link SetupStage}. The first stages happen
 * before the runner process exists (instance boot, image pull, ComfyUI's launch), so their times
 * come from the host, the ECS agent and the entrypoint; the rest the runner stamps itself. A
 * stage is recorded once: the first time it began is the one that explains a wait.
 */
public final class SetupProgress {

    /** Guarded by {@code this}. */
    private final Map<SetupStage, Instant> began = new EnumMap<>(SetupStage.class);

    public synchronized void began(SetupStage stage, Instant at) {
        began.putIfAbsent(stage, at);
    }

    public synchronized List<SetupStep> steps() {
        return began.entrySet().stream()
                .map(entry -> new SetupStep(entry.getKey(), entry.getValue()))
                .toList();
    }
}
