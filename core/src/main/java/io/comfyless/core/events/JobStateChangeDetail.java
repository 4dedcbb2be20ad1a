package io.comfyless.core.events;

import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobFailure;
import io.comfyless.core.job.JobOutput;
import java.time.Instant;
import java.util.List;

/**
 * The {@code detail} of a "Job State Change" event on the bus: enough to route on (tenant, status,
 * batch) and to act without reading the job back. Never the workflow or the webhook secret.
 */
public record JobStateChangeDetail(
        String executionId,
        String tenant,
        String status,
        String previousStatus,
        int attempt,
        String workflowId,
        String batchId,
        Instant createdAt,
        Instant startedAt,
        Instant completedAt,
        Instant changedAt,
        List<String> outputs,
        JobFailure error)
        implements JobEventDetail {

    public static JobStateChangeDetail of(JobChange change) {
        Job job = change.job();
        return new JobStateChangeDetail(
                job.id(),
                job.owner(),
                job.status().wire(),
                change.from() == null ? null : change.from().wire(),
                job.attempt(),
                job.workflowId(),
                job.batchId(),
                job.createdAt(),
                job.startedAt(),
                job.completedAt(),
                change.at(),
                job.outputs().stream().map(JobOutput::key).toList(),
                job.error());
    }
}
