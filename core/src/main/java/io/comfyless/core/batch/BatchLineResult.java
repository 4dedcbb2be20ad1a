package io.comfyless.core.batch;

import io.comfyless.core.job.JobFailure;
import java.util.List;

/** How the job of one manifest line ended: one line of the results manifest. */
public record BatchLineResult(long line, String executionId, String status, List<String> outputs, JobFailure error) {}
