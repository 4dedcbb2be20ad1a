package io.comfyless.core.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link FleetControl} in memory, counting the calls that change something; for unit tests of the rules. */
class InMemoryFleet implements FleetControl {

    private int min;
    private int max = 4;
    private int desired;
    private int instances;
    private List<String> instanceTypes = new ArrayList<>(List.of("g4dn.xlarge", "g5.xlarge"));
    private Capacity capacity = Capacity.SPOT;
    final AtomicInteger serviceChanges = new AtomicInteger();
    final AtomicInteger groupRaises = new AtomicInteger();

    @Override
    public synchronized FleetView view() {
        return new FleetView(
                new ServiceCapacity("c", "s", "ACTIVE", desired, desired, 0, List.of()),
                Optional.of(new FleetView.Bounds(min, max)),
                Optional.of(new GroupCapacity("g", instances, max, instances, 0, instanceTypes, capacity)));
    }

    @Override
    public synchronized int desiredTasks() {
        return desired;
    }

    @Override
    public synchronized void setBounds(int min, int max) {
        this.min = min;
        this.max = max;
    }

    @Override
    public synchronized void setDesired(int tasks) {
        serviceChanges.incrementAndGet();
        desired = tasks;
    }

    @Override
    public synchronized void setInstances(List<String> instanceTypes, Capacity capacity) {
        this.instanceTypes = List.copyOf(instanceTypes);
        this.capacity = capacity;
    }

    @Override
    public synchronized boolean raiseGroupTo(int count) {
        if (instances >= count) {
            return false;
        }
        groupRaises.incrementAndGet();
        instances = count;
        return true;
    }
}
