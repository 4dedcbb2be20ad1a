package io.comfyless.core.fleet;

import io.comfyless.core.error.ServiceUnavailableException;
import io.comfyless.core.error.ValidationException;
import java.util.Optional;

/**
 * What an operator may do to the GPU fleet, and the rules that hold whatever they ask: the minimum
 * never exceeds the maximum, the desired count stays between them, and instance types are GPU types
 * a runner can use. Starting keeps N runners warm (the minimum becomes N, and the instances are
 * launched at once); stopping drains to zero (ECS stops each runner with SIGTERM, and each hands its
 * jobs back to the queue). A stack without a fleet (the local stack without the emulator's fleet)
 * answers 503.
 */
public final class FleetService {

    private final Optional<FleetControl> control;

    public FleetService(Optional<FleetControl> control) {
        this.control = control;
    }

    public boolean configured() {
        return control.isPresent();
    }

    /** The fleet as AWS reports it; empty on a stack without one. */
    public Optional<FleetView> view() {
        return control.map(FleetControl::view);
    }

    public FleetView update(FleetChange change) {
        FleetControl fleet = fleet();
        FleetView current = fleet.view();
        FleetView.Bounds bounds = bounds(current);
        int min = change.min().orElse(bounds.min());
        int max = change.max().orElse(bounds.max());
        if (min > max) {
            String field = change.min().isPresent() ? "min" : "max";
            throw ValidationException.of(
                    "INVALID_VALUE", field, "min (" + min + ") must not be more than max (" + max + ")");
        }
        Optional<Integer> desired = change.desired();
        if (desired.isPresent() && (desired.get() < min || desired.get() > max)) {
            throw ValidationException.of(
                    "INVALID_VALUE",
                    "desired",
                    "desired (" + desired.get() + ") must be from min (" + min + ") to max (" + max + ")");
        }
        if (change.instanceTypes().isPresent() || change.capacity().isPresent()) {
            GroupCapacity group = current.group()
                    .orElseThrow(
                            () -> new ServiceUnavailableException("This stack has no GPU instance group to change"));
            fleet.setInstances(
                    change.instanceTypes().orElse(group.instanceTypes()),
                    change.capacity().orElse(group.capacity()));
        }
        if (change.min().isPresent() || change.max().isPresent()) {
            fleet.setBounds(min, max);
        }
        int running = current.service().desired();
        int target = desired.orElse(Math.max(min, Math.min(max, running)));
        if (target != running) {
            fleet.setDesired(target);
            fleet.raiseGroupTo(target);
        }
        return fleet.view();
    }

    /** Keeps {@code count} runners from now until a stop: launches what is missing at once. */
    public FleetView start(int count) {
        FleetControl fleet = fleet();
        FleetView current = fleet.view();
        FleetView.Bounds bounds = bounds(current);
        if (count > bounds.max()) {
            throw ValidationException.of(
                    "INVALID_VALUE",
                    "count",
                    "count (" + count + ") is more than the fleet's max (" + bounds.max()
                            + "); raise max with PUT /v1/fleet first");
        }
        fleet.setBounds(count, bounds.max());
        if (current.service().desired() < count) {
            fleet.setDesired(count);
        }
        fleet.raiseGroupTo(count);
        return fleet.view();
    }

    /** Drains every runner and keeps none warm; queued work starts one again (scale from zero). */
    public FleetView stop() {
        FleetControl fleet = fleet();
        FleetView.Bounds bounds = bounds(fleet.view());
        fleet.setBounds(0, bounds.max());
        fleet.setDesired(0);
        return fleet.view();
    }

    private FleetControl fleet() {
        return control.orElseThrow(() -> new ServiceUnavailableException("This stack has no GPU fleet to control"));
    }

    private static FleetView.Bounds bounds(FleetView view) {
        return view.bounds()
                .or(() -> view.group().map(group -> new FleetView.Bounds(0, group.max())))
                .orElseThrow(() -> new ServiceUnavailableException(
                        "The runner service has no scaling bounds registered; redeploy the stack"));
    }
}
