package io.comfyless.core.file;

import java.time.Instant;

/**
 * A file a tenant uploaded for use in workflows, as the bucket holds it. A workflow names it by
 * {@link #key()} in a loader's input ({@code LoadImage.image}); runners fetch it from there.
 *
 * @param expiresAt when the bucket's lifecycle rule removes it
 */
public record InputFile(
        String fileId,
        String filename,
        String key,
        String contentType,
        long sizeBytes,
        Instant createdAt,
        Instant expiresAt) {}
