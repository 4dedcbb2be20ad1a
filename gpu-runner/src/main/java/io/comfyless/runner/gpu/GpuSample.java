package io.comfyless.runner.gpu;

import java.time.Instant;

/**
 * One reading of the runner's GPU.
 *
 * @param utilizationPercent null when the source cannot tell (ComfyUI reports memory only)
 */
public record GpuSample(Instant at, Double utilizationPercent, long memoryUsedBytes, long memoryTotalBytes) {

    public double memoryPercent() {
        return memoryTotalBytes == 0 ? 0 : Math.round(1000.0 * memoryUsedBytes / memoryTotalBytes) / 10.0;
    }
}
