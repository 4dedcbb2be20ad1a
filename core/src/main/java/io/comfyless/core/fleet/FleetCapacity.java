package io.comfyless.core.fleet;

import java.util.Optional;

/** Where the API reads how much GPU capacity the runner service has and wants. */
public interface FleetCapacity {

    /** The runner service's counts; empty when no service is configured (a local stack). */
    Optional<ServiceCapacity> service();

    /** For stacks without an ECS service: there is nothing to report beyond the worker records. */
    static FleetCapacity none() {
        return Optional::empty;
    }
}
