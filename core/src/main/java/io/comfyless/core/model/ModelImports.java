package io.comfyless.core.model;

import io.comfyless.core.error.ConflictException;
import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.job.IdGenerator;
import io.comfyless.core.net.UrlGuard;
import java.time.Clock;
import java.util.List;

/**
 * Imports of models from https URLs (seed 003's download, seed 004's downloads with pause and
 * resume). The API only records the request, after checking the URL with the {@link UrlGuard};
 * runners fulfil it (see the runner's {@code ModelDownloader}), checking every hop again, because
 * a file of gigabytes cannot pass through a 29-second API call. A request therefore waits while
 * no runner is up.
 */
public final class ModelImports {

    private final ModelDownloads downloads;
    private final ModelStore store;
    private final UrlGuard guard;
    private final Clock clock;
    private final IdGenerator ids;

    public ModelImports(ModelDownloads downloads, ModelStore store, UrlGuard guard, Clock clock, IdGenerator ids) {
        this.downloads = downloads;
        this.store = store;
        this.guard = guard;
        this.clock = clock;
        this.ids = ids;
    }

    /**
     * Records a download of {@code url} into {@code path}.
     *
     * @throws io.comfyless.core.error.ValidationException when the URL is not an allowed https URL
     * @throws ConflictException when the model exists and {@code overwrite} is false
     */
    public ModelDownload request(String url, ModelPath path, boolean overwrite, String requestedBy) {
        // No DNS lookup here: the runner that connects checks every hop with the resolving check.
        String checked = guard.checkWithoutResolving(url, "url").toString();
        if (!overwrite && store.find(path).isPresent()) {
            throw new ConflictException(
                    "Model " + path.relative() + " already exists; delete it or set overwrite",
                    List.of(ErrorDetail.field(
                            ErrorCodes.MODEL_EXISTS, "filename", path.relative() + " is in the store")));
        }
        ModelDownload download =
                ModelDownload.requested("dl_" + ids.randomHex(10), checked, path, requestedBy, clock.instant());
        downloads.create(download);
        return download;
    }

    public ModelDownload get(String id) {
        return downloads.find(id).orElseThrow(() -> notFound(id));
    }

    public List<ModelDownload> list(int limit) {
        return downloads.list(limit);
    }

    public ModelDownload pause(String id) {
        return downloads.transition(id, DownloadStatus.PAUSED, clock.instant()).orElseThrow(() -> notFound(id));
    }

    /** Puts a paused (or failed) download back in line; it starts over from the first byte. */
    public ModelDownload resume(String id) {
        return downloads.transition(id, DownloadStatus.PENDING, clock.instant()).orElseThrow(() -> notFound(id));
    }

    public ModelDownload cancel(String id) {
        return downloads
                .transition(id, DownloadStatus.CANCELLED, clock.instant())
                .orElseThrow(() -> notFound(id));
    }

    private static NotFoundException notFound(String id) {
        return NotFoundException.of("Download", id);
    }
}
