package io.comfyless.core.live;

import io.comfyless.core.tenant.Scope;
import java.time.Instant;
import java.util.Set;

/**
 * One open WebSocket connection: the tenant it was authenticated for at connect, what its credential
 * may read, and the topics it subscribed to (as {@link Topic#key()}s, so that closing it can remove
 * each subscription).
 */
public record Connection(String id, String tenant, Set<Scope> scopes, Instant connectedAt, Set<String> topics) {

    public Connection {
        scopes = Set.copyOf(scopes);
        topics = Set.copyOf(topics);
    }

    public static Connection opened(String id, String tenant, Set<Scope> scopes, Instant at) {
        return new Connection(id, tenant, scopes, at, Set.of());
    }
}
