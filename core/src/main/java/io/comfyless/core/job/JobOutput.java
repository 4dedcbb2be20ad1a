package io.comfyless.core.job;

/**
 * One file a job produced, as stored in S3. Keys are deterministic per job, attempt and ComfyUI
 * file, so a re-run overwrites rather than duplicates.
 */
public record JobOutput(
        String nodeId,
        String filename,
        String key,
        String contentType,
        long sizeBytes,
        Integer width,
        Integer height,
        String sha256,
        String outputType) {}
