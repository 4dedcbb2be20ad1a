package io.comfyless.core.model;

import java.time.Instant;

/**
 * The {@code detail} of a "Model Download Change" event: the download as it stands after the change,
 * addressed to the tenant that asked for it. Never the source URL, which may carry a token.
 */
public record ModelDownloadChangeDetail(
        String downloadId,
        String tenant,
        String status,
        String folder,
        String name,
        long bytesDone,
        Long totalBytes,
        Double progress,
        String error,
        Instant at) {

    public static ModelDownloadChangeDetail of(ModelDownload download) {
        return new ModelDownloadChangeDetail(
                download.id(),
                download.requestedBy(),
                download.status().wire(),
                download.path().folder(),
                download.path().name(),
                download.bytesDone(),
                download.totalBytes(),
                download.progress(),
                download.error(),
                download.updatedAt());
    }
}
