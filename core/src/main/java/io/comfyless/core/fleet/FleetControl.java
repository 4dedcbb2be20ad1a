package io.comfyless.core.fleet;

import java.util.List;

/**
 * The GPU fleet's controls, one AWS concept each: the runner service's desired task count (ECS),
 * the bounds scaling keeps it in (Application Auto Scaling's scalable target, whose minimum is the
 * warm capacity), and the instance group behind it (EC2 Auto Scaling). Rules about what may be set
 * live in {@link FleetService}; this only reads and writes.
 */
public interface FleetControl {

    FleetView view();

    /** The runner service's desired task count alone: one call, for the submit path. */
    int desiredTasks();

    /** The scaling bounds of the runner service; the group's maximum follows {@code max} (one GPU per task). */
    void setBounds(int min, int max);

    void setDesired(int tasks);

    /** The instance types the group launches, in priority order, and how it buys them. */
    void setInstances(List<String> instanceTypes, Capacity capacity);

    /**
     * Raises the group's desired capacity to {@code instances} when it is lower, so instances launch
     * now rather than when the capacity provider's alarm fires (about a minute later). Returns whether
     * it raised it.
     */
    boolean raiseGroupTo(int instances);
}
