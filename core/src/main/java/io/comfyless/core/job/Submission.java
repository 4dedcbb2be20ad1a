package io.comfyless.core.job;

import java.time.Duration;

/**
 * The answer to a submission: the job, whether this request created it (false for an idempotent
 * repeat), where it stands in the queue and how long it is expected to run.
 */
public record Submission(Job job, boolean created, long queuePosition, Duration estimatedDuration) {}
