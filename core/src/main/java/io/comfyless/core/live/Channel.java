package io.comfyless.core.live;

import io.comfyless.core.tenant.Scope;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A tenant-wide stream a connection can subscribe to, and the scope its credential needs for it.
 * Everything on a channel belongs to the connection's own tenant, except {@link #FLEET}, which shows
 * every tenant the same runners (never the jobs they run).
 */
public enum Channel {
    /** Every event of every job of the tenant. */
    JOBS(Scope.WORKFLOWS_READ),
    /** Model downloads the tenant asked for. */
    DOWNLOADS(Scope.WORKFLOWS_READ),
    /** Queue depth per lane, after each state change of one of the tenant's jobs. */
    QUEUE(Scope.QUEUE_READ),
    /** GPU runners starting, going idle or busy, and leaving. */
    FLEET(Scope.QUEUE_READ);

    private final Scope scope;

    Channel(Scope scope) {
        this.scope = scope;
    }

    public Scope scope() {
        return scope;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Channel> fromWire(String value) {
        return Arrays.stream(values()).filter(c -> c.wire().equals(value)).findFirst();
    }

    public static String allowedValues() {
        return String.join(", ", Arrays.stream(values()).map(Channel::wire).toList());
    }
}
