package io.comfyless.core.live;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Open connections and their subscriptions. Every record expires on its own ({@code expiresAt}), so a
 * disconnect that never arrived leaves nothing behind for long; the fan-out also closes a connection
 * that the gateway reports gone. Each tenant's subscriptions carry a {@link #version}, bumped on every
 * change after the change is written.
 */
public interface ConnectionStore {

    void open(Connection connection, Instant expiresAt);

    Optional<Connection> find(String connectionId);

    /** @return false when the connection is no longer open */
    boolean subscribe(String connectionId, Topic topic, Instant expiresAt);

    void unsubscribe(String connectionId, Topic topic);

    /** Removes the connection and every subscription it had; closing an unknown connection does nothing. */
    void close(String connectionId);

    /** The connections subscribed to {@code topic}. */
    List<String> subscribers(Topic topic);

    /** Every subscription in {@code tenant}: the connections subscribed to each topic, by topic name. */
    Map<String, List<String>> subscriptions(String tenant);

    /**
     * A number that changes whenever a subscription in {@code tenant} is added or removed (by subscribe,
     * unsubscribe or close), so that subscriber lists read earlier can be reused while it stays the same.
     */
    long version(String tenant);
}
