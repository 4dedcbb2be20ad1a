package io.comfyless.core.model;

import java.time.Duration;
import java.time.Instant;

/**
 * A request to bring a model from an https URL into the store. The API records it; a runner,
 * which has the bandwidth and the time an API call has not, claims it and streams the file into
 * S3. Progress and the request to pause or cancel travel through this record.
 *
 * @param totalBytes the size the source announced; null until known
 * @param worker     the runner holding it while {@code downloading}
 * @param leaseUntil when a silent runner's hold lapses and another may take the download over
 * @param startedAt  when the runner now holding it started the transfer; speed and ETA count from there
 * @param presetId   the preset whose installation asked for it; null for a single model
 * @param installId  groups the files of one preset installation; null for a single model
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
        Instant leaseUntil,
        Instant startedAt,
        String presetId,
        String installId) {

    /** A new request, waiting for a runner. */
    public static ModelDownload requested(String id, String url, ModelPath path, String requestedBy, Instant now) {
        return requested(id, url, path, requestedBy, now, null, null);
    }

    /** A new request for one file of a preset installation. */
    public static ModelDownload requested(
            String id, String url, ModelPath path, String requestedBy, Instant now, String presetId, String installId) {
        return new ModelDownload(
                id,
                url,
                path,
                DownloadStatus.PENDING,
                0,
                null,
                null,
                requestedBy,
                now,
                now,
                null,
                null,
                null,
                presetId,
                installId);
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

    /** Bytes per second since the transfer started, as of its last progress report; null before any. */
    public Double bytesPerSecond() {
        if (startedAt == null || bytesDone == 0 || status != DownloadStatus.DOWNLOADING && !status.isFinal()) {
            return null;
        }
        long millis = Duration.between(startedAt, updatedAt).toMillis();
        return millis <= 0 ? null : bytesDone * 1000.0 / millis;
    }

    /** Seconds left at the current speed, when the size is known; 0 once done. */
    public Long etaSeconds() {
        if (status == DownloadStatus.COMPLETED) {
            return 0L;
        }
        Double speed = bytesPerSecond();
        if (status != DownloadStatus.DOWNLOADING || speed == null || speed == 0 || totalBytes == null) {
            return null;
        }
        return (long) Math.ceil(Math.max(0, totalBytes - bytesDone) / speed);
    }
}
