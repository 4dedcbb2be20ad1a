package io.comfyless.core.webhook;

import java.util.Arrays;
import java.util.Optional;

/**
 * Webhook events about the stack rather than one job, sent to tenants that subscribed to them
 * ({@code PUT /v1/webhooks}).
 */
public enum SystemEventType {
    /** A model became available or went away: stored, deleted, loaded onto or unloaded from the runners. */
    MODEL_UPDATED("model.updated"),
    /** GPU capacity changed: a runner started, or stops taking work. */
    SYSTEM_CAPACITY("system.capacity"),
    /** An operator announced maintenance. */
    SYSTEM_MAINTENANCE("system.maintenance");

    private final String wire;

    SystemEventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<SystemEventType> fromWire(String value) {
        return Arrays.stream(values()).filter(type -> type.wire.equals(value)).findFirst();
    }
}
