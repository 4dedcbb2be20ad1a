package io.comfyless.core.fleet;

import java.util.Optional;

/**
 * The GPU fleet as AWS reports it: the runner service's task counts, the bounds scaling keeps them
 * in (the minimum is the warm capacity), and the instance group behind them.
 *
 * @param bounds empty when no scalable target is registered for the service
 * @param group  empty when the stack names no instance group
 */
public record FleetView(ServiceCapacity service, Optional<Bounds> bounds, Optional<GroupCapacity> group) {

    /** The least and most runner tasks scaling may set. */
    public record Bounds(int min, int max) {}
}
