package io.comfyless.core.worker;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** When a worker began one {@link SetupStage}. */
public record SetupStep(SetupStage stage, Instant at) {

    /** Steps in the order of their stages, whatever order they were recorded in. */
    public static List<SetupStep> ordered(List<SetupStep> steps) {
        return steps.stream().sorted(Comparator.comparing(SetupStep::stage)).toList();
    }
}
