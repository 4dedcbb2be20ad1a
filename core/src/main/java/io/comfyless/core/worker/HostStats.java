package io.comfyless.core.worker;

/**
 * What a runner's host is using, as the runner last measured it; a figure it cannot measure is null
 * (GPU figures without {@code nvidia-smi}, say).
 *
 * @param gpuPercent       GPU utilisation, from {@code nvidia-smi}
 * @param gpuMemoryPercent GPU memory in use, from {@code nvidia-smi} or ComfyUI's {@code /system_stats}
 * @param diskUsedBytes    on the volume of ComfyUI's model cache (the host volume that outlives tasks)
 */
public record HostStats(
        Double cpuPercent,
        Double memoryPercent,
        Double gpuPercent,
        Double gpuMemoryPercent,
        Long diskUsedBytes,
        Long diskTotalBytes) {

    public static final HostStats UNKNOWN = new HostStats(null, null, null, null, null, null);

    /** Disk in use as a percentage, when both figures are known. */
    public Double diskPercent() {
        return diskUsedBytes == null || diskTotalBytes == null || diskTotalBytes == 0
                ? null
                : Math.round(1000.0 * diskUsedBytes / diskTotalBytes) / 10.0;
    }
}
