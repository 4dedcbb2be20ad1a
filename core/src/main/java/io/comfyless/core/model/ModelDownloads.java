package io.comfyless.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Model download requests. Each change is conditional on the state it expects, so the API (pause,
 * resume, cancel) and a runner (claim, progress, finish) never overwrite each other: a runner learns
 * that its download was paused or cancelled when its next progress write is refused.
 */
public interface ModelDownloads {

    void create(ModelDownload download);

    Optional<ModelDownload> find(String id);

    /** The most recent requests first. */
    List<ModelDownload> list(int limit);

    /** Takes the oldest pending download, or one whose runner went silent, for {@code worker} until {@code leaseUntil}. */
    Optional<ModelDownload> claim(String worker, Instant leaseUntil, Instant now);

    /** @return false when the download is no longer this worker's to continue (paused, cancelled, taken over) */
    boolean progress(String id, String worker, long bytesDone, Long totalBytes, Instant leaseUntil, Instant now);

    /** downloading to completed or failed ({@code error} non-null), if this worker still holds it. */
    boolean finish(String id, String worker, long bytesDone, String error, Instant now);

    /**
     * Moves a download to {@code to} if it is in one of the states that allows it (pause: pending or
     * downloading; resume: paused; cancel: any state not final).
     *
     * @return the download after the change; empty when there is no such download
     * @throws io.comfyless.core.error.ConflictException when its state does not allow the change
     */
    Optional<ModelDownload> transition(String id, DownloadStatus to, Instant now);
}
