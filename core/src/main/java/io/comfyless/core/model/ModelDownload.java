package io.comfyless.core.model;

import java.time.Instant;

/**
 * A request to bring a model from an https URL into the store. The API records it; a runner,
 * which has the bandwidth and the time an API call has not, claims it and streams the file into
 * S3. Progress and the request to pause or cancel travel through this record.
 *
 * @param totalBytes the size the source announced; null until known
 * @param worker     the runner holding it while {@code downloading}
 * @param leaseUntil when a silent runner's hold lapses and another may take the download over
 */
public record ModelDownload(
        String id,
        String url,
        ModelPath path,
        DownloadStatus status,
        long bytesDone,
        Long totalBytes,
        String error,
        String requestedBy,
        Instant createdAt,
        Instant updatedAt,
        String worker,
        Instant leaseUntil) {

    /** A new request, waiting for a runner. */
    public static ModelDownload requested(String id, String url, ModelPath path, String requestedBy, Instant now) {
        return new ModelDownload(
                id, url, path, DownloadStatus.PENDING, 0, null, null, requestedBy, now, now, null, null);
    }

    /** Progress as a percentage, when the size is known. */
    public Double progress() {
        if (status == DownloadStatus.COMPLETED) {
            return 100.0;
        }
        return totalBytes == null || totalBytes == 0
                ? null
                : Math.min(100.0, Math.round(1000.0 * bytesDone / totalBytes) / 10.0);
    }
}
