package io.comfyless.core.queue;

/** Approximate message counts of one lane: waiting, and received but not yet deleted. */
public record QueueDepth(long waiting, long inFlight) {}
