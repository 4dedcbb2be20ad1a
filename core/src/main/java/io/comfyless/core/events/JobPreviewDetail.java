package io.comfyless.core.events;

import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobPreview;

/** The {@code detail} of a "Job Preview" event: whose job it is, and the stored preview (a key, never the bytes). */
public record JobPreviewDetail(String executionId, String tenant, String batchId, int attempt, JobPreview preview)
        implements JobEventDetail {

    public static JobPreviewDetail of(Job job, JobPreview preview) {
        return new JobPreviewDetail(job.id(), job.owner(), job.batchId(), job.attempt(), preview);
    }
}
