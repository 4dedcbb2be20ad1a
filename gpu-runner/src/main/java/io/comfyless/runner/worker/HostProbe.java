package io.comfyless.runner.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.OperatingSystemMXBean;
import io.comfyless.core.worker.HostStats;
import io.comfyless.runner.gpu.GpuSample;
import io.comfyless.runner.gpu.GpuSampler;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Measures the runner's host: CPU and memory as the JVM sees them (container limits included), the
 * disk that holds ComfyUI's models, and the GPU from the {@link GpuSampler}, or failing that the GPU
 * memory ComfyUI reports in {@code /system_stats} (a device of type {@code cpu} is no GPU).
 */
public final class HostProbe {

    private final Path disk;
    private final GpuSampler gpu;
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public HostProbe(Path disk, GpuSampler gpu) {
        this.disk = disk;
        this.gpu = gpu;
    }

    public HostStats measure(JsonNode systemStats) {
        double cpu = os.getCpuLoad();
        long memoryTotal = os.getTotalMemorySize();
        Long diskTotal = null;
        Long diskUsed = null;
        try {
            FileStore store = Files.getFileStore(disk);
            diskTotal = store.getTotalSpace();
            diskUsed = diskTotal - store.getUsableSpace();
        } catch (IOException unavailable) {
            // A disk that cannot be read is reported as unknown.
        }
        Optional<GpuSample> sample = gpu.latest().or(() -> comfyUiGpuMemory(systemStats));
        return new HostStats(
                cpu < 0 ? null : Math.round(cpu * 1000.0) / 10.0,
                memoryTotal <= 0
                        ? null
                        : Math.round(1000.0 * (memoryTotal - os.getFreeMemorySize()) / memoryTotal) / 10.0,
                sample.map(GpuSample::utilizationPercent).orElse(null),
                sample.map(GpuSample::memoryPercent).orElse(null),
                diskUsed,
                diskTotal);
    }

    /** GPU memory in use by ComfyUI's first device, when it is a GPU. */
    public static Optional<GpuSample> comfyUiGpuMemory(JsonNode systemStats) {
        JsonNode device = systemStats.path("devices").path(0);
        if (device.isMissingNode() || "cpu".equals(device.path("type").asText()) || !device.has("vram_total")) {
            return Optional.empty();
        }
        long total = device.get("vram_total").asLong();
        long free = device.path("vram_free").asLong();
        return total <= 0 ? Optional.empty() : Optional.of(new GpuSample(null, null, total - free, total));
    }
}
