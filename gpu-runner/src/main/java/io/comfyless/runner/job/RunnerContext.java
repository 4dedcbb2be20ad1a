package io.comfyless.runner.job;

import io.comfyless.core.cost.InstancePrice;
import io.comfyless.core.job.JobStore;
import io.comfyless.core.queue.JobQueue;
import io.comfyless.core.storage.BlobStore;
import io.comfyless.runner.RunnerConfig;
import io.comfyless.runner.comfyui.ComfyUiClient;
import io.comfyless.runner.gpu.GpuSampler;
import io.comfyless.runner.live.LiveReports;
import io.comfyless.runner.model.ModelStager;
import java.time.Clock;

/**
 * What every part of a runner works with.
 *
 * @param deletions finished jobs' queue messages, deleted in batches
 * @param gpu   the GPU's readings, for each job's utilisation and memory peak
 * @param price what an hour of this instance costs; null when it could not be read
 * @param live  progress and previews as they happen, for live clients
 */
public record RunnerContext(
        RunnerConfig config,
        JobStore store,
        JobQueue queue,
        ComfyUiClient comfyui,
        InputStager stager,
        OutputUploader uploader,
        Clock clock,
        ModelStager models,
        MessageDeletions deletions,
        GpuSampler gpu,
        InstancePrice price,
        LiveReports live) {

    /** Without a model cache, GPU metering or live reports: what takes jobs off the queue needs no more. */
    public static RunnerContext of(
            RunnerConfig config,
            JobStore store,
            JobQueue queue,
            ComfyUiClient comfyui,
            InputStager stager,
            BlobStore blobs,
            Clock clock) {
        return new RunnerContext(
                config,
                store,
                queue,
                comfyui,
                stager,
                new OutputUploader(blobs),
                clock,
                ModelStager.disabled(),
                new MessageDeletions(queue),
                GpuSampler.manual(clock),
                null,
                new LiveReports(change -> {}, blobs, clock));
    }

    /** The same context, staging models into a cache and reporting progress live. */
    public RunnerContext withModels(ModelStager stager, LiveReports reports) {
        return with(stager, gpu, price, reports);
    }

    public RunnerContext withMetering(GpuSampler sampler, InstancePrice instancePrice) {
        return with(models, sampler, instancePrice, live);
    }

    private RunnerContext with(
            ModelStager stager, GpuSampler sampler, InstancePrice instancePrice, LiveReports reports) {
        return new RunnerContext(
                config,
                store,
                queue,
                comfyui,
                this.stager,
                uploader,
                clock,
                stager,
                deletions,
                sampler,
                instancePrice,
                reports);
    }
}
