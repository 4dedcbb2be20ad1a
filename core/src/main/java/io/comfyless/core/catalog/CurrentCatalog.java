package io.comfyless.core.catalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The published node catalogue as a function instance keeps it: looked up on first use, not at cold start; the small
 * pointer re-read at most every {@link #REFRESH} (every {@link #REFRESH_WHILE_NONE} while none is published, so a new
 * stack's first runner counts soon); the body read and parsed once per catalogue. When the store cannot be read, the
 * last catalogue stays in use, or, before there was one, validation stays structural.
 */
public final class CurrentCatalog implements NodeCatalogSource {

    static final Duration REFRESH = Duration.ofSeconds(30);
    static final Duration REFRESH_WHILE_NONE = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(CurrentCatalog.class);

    private final NodeCatalogStore store;
    private final Clock clock;
    private Instant checkedAt;
    private Optional<CatalogPointer> pointer = Optional.empty();
    private NodeCatalog catalog;

    public CurrentCatalog(NodeCatalogStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public synchronized Optional<NodeCatalog> current() {
        Instant now = clock.instant();
        Duration every = catalog == null ? REFRESH_WHILE_NONE : REFRESH;
        if (checkedAt == null || Duration.between(checkedAt, now).compareTo(every) >= 0) {
            refresh(now);
        }
        return Optional.ofNullable(catalog);
    }

    private void refresh(Instant now) {
        try {
            Optional<CatalogPointer> latest = store.current();
            checkedAt = now;
            if (latest.isPresent() && !latest.equals(pointer)) {
                catalog = store.load(latest.get());
                pointer = latest;
                log.info(
                        "Validating against the node catalogue of ComfyUI {} ({} node types, published by {})",
                        latest.get().comfyuiVersion(),
                        catalog.size(),
                        latest.get().workerId());
            }
        } catch (RuntimeException e) {
            checkedAt = now;
            log.warn(
                    "Cannot read the node catalogue; {}: {}",
                    catalog == null ? "validating structure only" : "keeping the last one",
                    e.toString());
        }
    }
}
