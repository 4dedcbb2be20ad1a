package io.comfyless.runner.job;

import io.comfyless.core.job.Lane;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which a runner tries the lanes, cycle after cycle. Usually high, normal, low; but by
 * smooth weighted round-robin (6:3:1) the normal lane goes first three cycles in ten and the low
 * lane one in ten, so a steady stream of high-priority work cannot starve the others.
 */
public final class LaneSchedule {

    private static final Map<Lane, Integer> WEIGHTS = Map.of(Lane.HIGH, 6, Lane.NORMAL, 3, Lane.LOW, 1);
    private final Map<Lane, Integer> current = new EnumMap<>(Lane.class);

    public LaneSchedule() {
        for (Lane lane : Lane.values()) {
            current.put(lane, 0);
        }
    }

    /** The lanes to try this cycle: the weighted pick first, then the rest by priority. */
    public synchronized List<Lane> next() {
        int total = WEIGHTS.values().stream().mapToInt(Integer::intValue).sum();
        Lane first = null;
        for (Lane lane : Lane.pollingOrder()) {
            current.merge(lane, WEIGHTS.get(lane), Integer::sum);
            if (first == null || current.get(lane) > current.get(first)) {
                first = lane;
            }
        }
        current.merge(first, -total, Integer::sum);
        List<Lane> order = new ArrayList<>();
        order.add(first);
        for (Lane lane : Lane.pollingOrder()) {
            if (lane != first) {
                order.add(lane);
            }
        }
        return order;
    }
}
