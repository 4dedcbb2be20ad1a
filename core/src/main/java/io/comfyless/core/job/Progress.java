package io.comfyless.core.job;

import java.time.Instant;

/**
 * What a running job is doing, as last reported by its runner.
 *
 * @param etaSeconds how long the runner expected the job still to take at {@code updatedAt}; null when it
 *     could not tell (see {@link EtaEstimator})
 * @param previewKey the object key of the latest sampler preview, under {@code previews/}; null before the
 *     first one
 */
public record Progress(
        double percentage,
        String currentNode,
        String currentNodeType,
        Integer currentStep,
        Integer totalSteps,
        int completedNodes,
        int totalNodes,
        Instant updatedAt,
        Long etaSeconds,
        String previewKey) {

    /** A run that finished: every node done. */
    public static Progress finished(int totalNodes, Instant at) {
        return new Progress(100.0, null, null, null, null, totalNodes, totalNodes, at);
    }

    /** Progress without an estimate or a preview. */
    public Progress(
            double percentage,
            String currentNode,
            String currentNodeType,
            Integer currentStep,
            Integer totalSteps,
            int completedNodes,
            int totalNodes,
            Instant updatedAt) {
        this(
                percentage,
                currentNode,
                currentNodeType,
                currentStep,
                totalSteps,
                completedNodes,
                totalNodes,
                updatedAt,
                null,
                null);
    }

    public Progress withEta(Long seconds) {
        return new Progress(
                percentage,
                currentNode,
                currentNodeType,
                currentStep,
                totalSteps,
                completedNodes,
                totalNodes,
                updatedAt,
                seconds,
                previewKey);
    }

    public Progress withPreview(String key) {
        return new Progress(
                percentage,
                currentNode,
                currentNodeType,
                currentStep,
                totalSteps,
                completedNodes,
                totalNodes,
                updatedAt,
                etaSeconds,
                key);
    }
}
