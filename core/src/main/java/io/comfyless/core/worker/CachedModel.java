package io.comfyless.core.worker;

import java.time.Instant;

/**
 * A model on a runner's disk, as the runner reports it with each heartbeat.
 *
 * @param path   {@code folder/name}
 * @param sha256 as the runner computed it while copying the file in; null for files it found there
 * @param pinned held by a load or preload command, so never evicted to make room
 * @param inUse  held by a job running now
 */
public record CachedModel(
        String path, long sizeBytes, String sha256, Instant lastUsed, boolean pinned, boolean inUse) {}
