package io.comfyless.core.fleet;

import java.util.List;

/**
 * The Auto Scaling group of GPU instances behind the runner service, as EC2 Auto Scaling reports it.
 *
 * @param desired       instances the group wants (the capacity provider sets it, and a submit on an
 *                      empty fleet raises it from zero)
 * @param inService     instances running and in service
 * @param launching     instances launching or waiting to enter service
 * @param instanceTypes the types it launches, in priority order
 * @param capacity      {@link Capacity} as the group's instance distribution says
 */
public record GroupCapacity(
        String name,
        int desired,
        int max,
        int inService,
        int launching,
        List<String> instanceTypes,
        Capacity capacity) {

    public GroupCapacity {
        instanceTypes = List.copyOf(instanceTypes);
    }
}
