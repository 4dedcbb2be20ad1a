package io.comfyless.core.batch;

import io.comfyless.core.job.Job;

/** A manifest line that parsed into a job. */
public record BatchLine(long line, Job job) {}
