package io.comfyless.core.worker;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A GPU runner as it last reported itself. Records expire by TTL a few heartbeats after a runner
 * goes silent, so the list shows live capacity.
 *
 * @param capacity {@code spot} or {@code on-demand}
 * @param setup    when each setup stage began, in stage order; the last one is where the worker is
 * @param host     what its host is using; {@link HostStats#UNKNOWN} until measured
 * @param comfyui  how its ComfyUI answered the last probe
 * @param models   what its model cache holds
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
        String comfyuiVersion,
        List<SetupStep> setup,
        HostStats host,
        ComfyUiHealth comfyui,
        List<CachedModel> models) {

    public Worker {
        setup = SetupStep.ordered(setup == null ? List.of() : setup);
        host = host == null ? HostStats.UNKNOWN : host;
        comfyui = comfyui == null ? ComfyUiHealth.UNKNOWN : comfyui;
        models = models == null ? List.of() : List.copyOf(models);
    }

    /** The stage the worker is in: the latest one it began; empty when it reported none. */
    public Optional<SetupStage> stage() {
        return setup.isEmpty()
                ? Optional.empty()
                : Optional.of(setup.get(setup.size() - 1).stage());
    }

    /** Whether the runner is still reporting (see {@link WorkerLiveness}). */
    public boolean live() {
        return state != WorkerState.GONE;
    }
}
