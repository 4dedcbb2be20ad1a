package io.comfyless.core.events;

import io.comfyless.core.job.Job;
import io.comfyless.core.job.Progress;

/** The {@code detail} of a "Job Progress" event: whose job it is, and where it stands. */
public record JobProgressDetail(String executionId, String tenant, String batchId, int attempt, Progress progress)
        implements JobEventDetail {

    public static JobProgressDetail of(Job job, Progress progress) {
        return new JobProgressDetail(job.id(), job.owner(), job.batchId(), job.attempt(), progress);
    }
}
