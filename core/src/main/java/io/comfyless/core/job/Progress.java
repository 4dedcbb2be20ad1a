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
        return new Progress(100.0, null, null, null, null, totalNodes, totalNodes, at, null, null);
    }

    /** A run that has not reported yet: no node done. */
    public static Progress notStarted(int totalNodes) {
        return new Progress(0.0, null, null, null, null, 0, totalNodes, null, null, null);
    }

    public Progress withEta(Long seconds) {
        return with(seconds, previewKey);
    }

    public Progress withPreview(String key) {
        return with(etaSeconds, key);
    }

    private Progress with(Long eta, String preview) {
        return new Progress(
                percentage,
                currentNode,
                currentNodeType,
                currentStep,
                totalSteps,
                completedNodes,
                totalNodes,
                updatedAt,
                eta,
                preview);
    }
}
