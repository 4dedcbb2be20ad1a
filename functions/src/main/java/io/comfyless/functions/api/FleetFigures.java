package io.comfyless.functions.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.json.Json;
import io.comfyless.core.worker.HostStats;
import io.comfyless.core.worker.Worker;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The fleet's host figures as one machine's: each percentage is the mean over the live runners that
 * measured it, null when none did (no runner is up, or none has {@code nvidia-smi}). The API's own
 * Lambda has no CPU, memory or disk worth reporting; the GPU hosts are what a client means.
 */
final class FleetFigures {

    private final List<Worker> workers;

    FleetFigures(List<Worker> workers) {
        this.workers = List.copyOf(workers);
    }

    Double cpuPercent() {
        return mean(HostStats::cpuPercent);
    }

    Double memoryPercent() {
        return mean(HostStats::memoryPercent);
    }

    Double gpuPercent() {
        return mean(HostStats::gpuPercent);
    }

    Double gpuMemoryPercent() {
        return mean(HostStats::gpuMemoryPercent);
    }

    Double diskPercent() {
        return mean(HostStats::diskPercent);
    }

    long diskUsedBytes() {
        return workers.stream()
                .map(w -> w.host().diskUsedBytes())
                .filter(Objects::nonNull)
                .mapToLong(Long::longValue)
                .sum();
    }

    long diskTotalBytes() {
        return workers.stream()
                .map(w -> w.host().diskTotalBytes())
                .filter(Objects::nonNull)
                .mapToLong(Long::longValue)
                .sum();
    }

    /**
     * The figures under the names the unversioned API's {@code system} object uses; a figure nobody
     * measured is written as null, as that object shows it, not left out.
     */
    ObjectNode system() {
        return system(cpuPercent(), memoryPercent(), gpuPercent(), gpuMemoryPercent(), diskPercent());
    }

    static ObjectNode system(HostStats host) {
        return system(
                host.cpuPercent(),
                host.memoryPercent(),
                host.gpuPercent(),
                host.gpuMemoryPercent(),
                host.diskPercent());
    }

    private static ObjectNode system(Double cpu, Double memory, Double gpu, Double gpuMemory, Double disk) {
        return Json.object()
                .put("cpu_usage_percent", cpu)
                .put("memory_usage_percent", memory)
                .put("gpu_usage_percent", gpu)
                .put("gpu_memory_usage_percent", gpuMemory)
                .put("disk_usage_percent", disk);
    }

    private Double mean(Function<HostStats, Double> figure) {
        OptionalDouble mean = workers.stream()
                .map(w -> figure.apply(w.host()))
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .average();
        return mean.isPresent() ? Math.round(mean.getAsDouble() * 10.0) / 10.0 : null;
    }
}
