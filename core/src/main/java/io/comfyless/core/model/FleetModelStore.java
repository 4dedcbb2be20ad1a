package io.comfyless.core.model;

import java.util.function.UnaryOperator;

/** Where the fleet's model commands are kept; one record for the whole stack. */
public interface FleetModelStore {

    FleetModels read();

    /** Applies {@code change} to the current state atomically (retrying when another change won the race). */
    FleetModels update(UnaryOperator<FleetModels> change);
}
