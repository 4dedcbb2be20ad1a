package io.comfyless.core.model;

import io.comfyless.contract.Events;
import io.comfyless.core.events.EventBridgePublisher;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ModelDownloads} that puts a {@value Events#MODEL_DOWNLOAD_CHANGE} event on the bus after every
 * change it made (never after a refused one), with the download as it then stands: one read per change,
 * and progress is written at most every few seconds. Best effort: a failure to publish is logged and
 * the change stands.
 */
public final class EventPublishingModelDownloads implements ModelDownloads {

    private static final Logger log = LoggerFactory.getLogger(EventPublishingModelDownloads.class);

    private final ModelDownloads delegate;
    private final EventBridgePublisher bus;

    public EventPublishingModelDownloads(ModelDownloads delegate, EventBridgePublisher bus) {
        this.delegate = delegate;
        this.bus = bus;
    }

    @Override
    public void create(ModelDownload download) {
        delegate.create(download);
        publish(download);
    }

    @Override
    public Optional<ModelDownload> find(String id) {
        return delegate.find(id);
    }

    @Override
    public List<ModelDownload> list(int limit) {
        return delegate.list(limit);
    }

    @Override
    public Optional<ModelDownload> claim(String worker, Instant leaseUntil, Instant now) {
        Optional<ModelDownload> claimed = delegate.claim(worker, leaseUntil, now);
        claimed.ifPresent(this::publish);
        return claimed;
    }

    @Override
    public boolean progress(
            String id, String worker, long bytesDone, Long totalBytes, Instant leaseUntil, Instant now) {
        return published(id, delegate.progress(id, worker, bytesDone, totalBytes, leaseUntil, now));
    }

    @Override
    public boolean finish(String id, String worker, long bytesDone, String error, Instant now) {
        return published(id, delegate.finish(id, worker, bytesDone, error, now));
    }

    @Override
    public Optional<ModelDownload> transition(String id, DownloadStatus to, Instant now) {
        Optional<ModelDownload> after = delegate.transition(id, to, now);
        after.ifPresent(this::publish);
        return after;
    }

    private boolean published(String id, boolean changed) {
        if (changed) {
            try {
                delegate.find(id).ifPresent(this::publish);
            } catch (RuntimeException e) {
                log.warn("Could not read download {} to publish its change: {}", id, e.toString());
            }
        }
        return changed;
    }

    private void publish(ModelDownload download) {
        try {
            bus.put(Events.MODEL_DOWNLOAD_CHANGE, ModelDownloadChangeDetail.of(download), download.updatedAt());
        } catch (RuntimeException e) {
            log.warn("Could not publish the change of download {}: {}", download.id(), e.toString());
        }
    }
}
