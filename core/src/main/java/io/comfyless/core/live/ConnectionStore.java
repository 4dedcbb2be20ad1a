package io.comfyless.core.live;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Open connections and their subscriptions. Every record expires on its own ({@code expiresAt}), so a
 * disconnect that never arrived leaves nothing behind for long; the fan-out also closes a connection
 * that the gateway reports gone.
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
}
