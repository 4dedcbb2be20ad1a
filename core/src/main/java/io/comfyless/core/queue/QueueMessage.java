package io.comfyless.core.queue;

/**
 * What travels on a job queue: the job and the attempt the message is for. Everything else is read
 * from the job store, so a message can never carry stale state.
 */
public record QueueMessage(String jobId, int attempt) {}
