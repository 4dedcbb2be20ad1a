package io.comfyless.core.queue;

import io.comfyless.core.job.Job;

/**
 * What travels on a job queue: the job, the attempt the message is for, and the job's owner, which
 * never changes. Everything that does change is read from the job store, so a message can never
 * carry stale state. The owner lets a runner claim the job without reading it first; a message
 * without one (sent before it was added) costs that read.
 */
public record QueueMessage(String jobId, int attempt, String owner) {

    public QueueMessage(String jobId, int attempt) {
        this(jobId, attempt, null);
    }

    /** The message for the job's current attempt. */
    public static QueueMessage of(Job job) {
        return new QueueMessage(job.id(), job.attempt(), job.owner());
    }
}
