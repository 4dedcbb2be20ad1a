package io.comfyless.runner.job;

import io.comfyless.core.job.JobStore;
import io.comfyless.core.queue.JobQueue;
import io.comfyless.core.storage.BlobStore;
import io.comfyless.runner.RunnerConfig;
import io.comfyless.runner.comfyui.ComfyUiClient;
import io.comfyless.runner.live.LiveReports;
import io.comfyless.runner.model.ModelStager;
import java.time.Clock;

/** What every part of a runner works with. */
public record RunnerContext(
        RunnerConfig config,
        JobStore store,
        JobQueue queue,
        ComfyUiClient comfyui,
        InputStager stager,
        OutputUploader uploader,
        Clock clock,
        ModelStager models,
        LiveReports live) {

    public static RunnerContext of(
            RunnerConfig config,
            JobStore store,
            JobQueue queue,
            ComfyUiClient comfyui,
            InputStager stager,
            BlobStore blobs,
            Clock clock,
            ModelStager models,
            LiveReports live) {
        return new RunnerContext(config, store, queue, comfyui, stager, new OutputUploader(blobs), clock, models, live);
    }
}
