package io.comfyless.core.job;

/**
 * Who holds a running job: a runner and the attempt it claimed. A runner whose lease lapsed and
 * whose job was re-queued as attempt n+1 no longer matches, so its late writes are refused.
 */
public record LeaseHolder(String workerId, int attempt) {}
