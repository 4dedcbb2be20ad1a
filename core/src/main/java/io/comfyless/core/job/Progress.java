package io.comfyless.core.job;

import java.time.Instant;

/** What a running job is doing, as last reported by its runner. */
public record Progress(
        double percentage,
        String currentNode,
        String currentNodeType,
        Integer currentStep,
        Integer totalSteps,
        int completedNodes,
        int totalNodes,
        Instant updatedAt) {

    /** A run that finished: every node done. */
    public static Progress finished(int totalNodes, Instant at) {
        return new Progress(100.0, null, null, null, null, totalNodes, totalNodes, at);
    }
}
