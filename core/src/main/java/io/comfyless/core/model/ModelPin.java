package io.comfyless.core.model;

import java.time.Instant;

/**
 * A model the fleet should keep on every runner's disk: staged ahead of the jobs that need it and
 * never evicted to make room while pinned.
 *
 * @param priority 0 to 10, as the request gave it (reported, not yet used to choose between pins)
 * @param until    when the pin lapses by itself; null for a pin that lasts until unloaded
 */
public record ModelPin(String path, int priority, Instant until, Instant requestedAt, String requestedBy) {

    public boolean activeAt(Instant now) {
        return until == null || until.isAfter(now);
    }
}
