package io.comfyless.core.fleet;

import java.util.List;
import java.util.Optional;

/**
 * What {@code PUT /v1/fleet} asks to change; an absent field stays as it is. Checked by
 * {@link FleetRequests} before it gets here.
 */
public record FleetChange(
        Optional<Integer> min,
        Optional<Integer> max,
        Optional<Integer> desired,
        Optional<List<String>> instanceTypes,
        Optional<Capacity> capacity) {

    public static FleetChange none() {
        return new FleetChange(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
