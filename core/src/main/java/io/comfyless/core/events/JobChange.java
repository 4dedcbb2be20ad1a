package io.comfyless.core.events;

import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobStatus;
import java.time.Instant;

/**
 * One state change a job went through, as reported after the store's conditional write succeeded.
 *
 * @param job  the job after the change, as far as the writer knows it (status, attempt, outputs,
 *             error and timings of this change are exact; unrelated fields may be a little stale)
 * @param from the status before the change; {@code null} when the job was just created
 * @param at   when the change was written
 */
public record JobChange(Job job, JobStatus from, Instant at) {

    public JobStatus to() {
        return job.status();
    }

    /** The job reached completed, failed or cancelled with this change. */
    public boolean ended() {
        return job.status().isTerminal();
    }
}
