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
        Instant updatedAt) {}
