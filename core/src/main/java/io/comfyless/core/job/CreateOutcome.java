package io.comfyless.core.job;

/** The job a create call stands for, and whether this call created it or found an earlier one. */
public record CreateOutcome(Job job, boolean created) {}
