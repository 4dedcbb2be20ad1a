package io.comfyless.core.job;

import io.comfyless.core.cost.InstancePrice;

/**
 * What one execution used, as its runner measured it. A figure the runner could not measure is
 * null: GPU utilisation and memory need {@code nvidia-smi} or a GPU device in ComfyUI.
 *
 * @param queueSeconds      from submission until a runner claimed the attempt that completed
 * @param processingSeconds from that claim until the outputs were stored (staging and upload included)
 * @param gpuSeconds        ComfyUI's own execution of the prompt, from its start to its end message
 * @param memoryPeakBytes   the most GPU memory in use while the prompt ran
 * @param gpuUtilization    average GPU utilisation while the prompt ran, from 0 to 1
 * @param price             what the runner's instance costs per hour; null when it could not be read
 */
public record JobMetrics(
        Double queueSeconds,
        Double processingSeconds,
        Double gpuSeconds,
        Long memoryPeakBytes,
        Double gpuUtilization,
        InstancePrice price) {

    /** Nothing measured. */
    public static final JobMetrics NONE = new JobMetrics(null, null, null, null, null, null);
}
