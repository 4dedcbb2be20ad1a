package io.comfyless.core.worker;

import java.time.Instant;

/**
 * A GPU runner as it last reported itself. Records expire by TTL a few heartbeats after a runner
 * goes silent, so the list shows live capacity.
 *
 * @param capacity {@code spot} or {@code on-demand}
 */
public record Worker(
        String id,
        WorkerState state,
        String instanceType,
        String capacity,
        String currentJob,
        long jobsCompleted,
        long jobsFailed,
        Instant startedAt,
        Instant heartbeatAt,
        String gpuName,
        Long gpuMemoryTotal,
        Long gpuMemoryFree,
        String comfyuiVersion) {

    /** Whether the runner is still reporting (see {@link WorkerLiveness}). */
    public boolean live() {
        return state != WorkerState.GONE;
    }
}
