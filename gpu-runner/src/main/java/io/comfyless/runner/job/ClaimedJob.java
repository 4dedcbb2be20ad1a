package io.comfyless.runner.job;

import io.comfyless.core.job.Job;
import io.comfyless.core.job.LeaseHolder;
import io.comfyless.core.queue.Delivery;

/** A job this runner holds: the stored job, its queue message, its lease and its ComfyUI prompt id. */
public record ClaimedJob(Job job, Delivery delivery, LeaseHolder holder, String promptId) {}
