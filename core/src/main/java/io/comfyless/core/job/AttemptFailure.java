package io.comfyless.core.job;

/** Why one attempt of a job ended without finishing it: kept after the job moved on to its next attempt. */
public record AttemptFailure(int attempt, JobFailure error) {}
