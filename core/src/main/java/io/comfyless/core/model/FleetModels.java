package io.comfyless.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the fleet's model caches should hold, as commands for the runners: the pinned models, the
 * evictions asked for (each with the generation that asked, so a runner applies it once), and the
 * last clean-up. Every change raises {@link #generation}; a runner that has applied a generation
 * has applied everything up to it.
 *
 * @param cleanupMaxAge     evict unpinned models unused for longer than this (the last clean-up asked for)
 * @param cleanupGeneration the generation of that clean-up; 0 when there was none
 */
public record FleetModels(
        long generation,
        Map<String, ModelPin> pins,
        Map<String, Long> evictions,
        Duration cleanupMaxAge,
        long cleanupGeneration) {

    public static final FleetModels EMPTY = new FleetModels(0, Map.of(), Map.of(), null, 0);

    public FleetModels {
        pins = Map.copyOf(pins);
        evictions = Map.copyOf(evictions);
    }

    public FleetModels pin(ModelPin pin) {
        Map<String, ModelPin> next = new LinkedHashMap<>(pins);
        next.put(pin.path(), pin);
        Map<String, Long> stillEvicting = new LinkedHashMap<>(evictions);
        stillEvicting.remove(pin.path());
        return new FleetModels(generation + 1, next, stillEvicting, cleanupMaxAge, cleanupGeneration);
    }

    public FleetModels evict(String path) {
        Map<String, ModelPin> next = new LinkedHashMap<>(pins);
        next.remove(path);
        Map<String, Long> evicting = new LinkedHashMap<>(evictions);
        evicting.put(path, generation + 1);
        return new FleetModels(generation + 1, next, evicting, cleanupMaxAge, cleanupGeneration);
    }

    public FleetModels cleanup(Duration maxAge) {
        return new FleetModels(generation + 1, pins, evictions, maxAge, generation + 1);
    }

    /** Forgets pins that have lapsed by {@code now}; the generation stays, since runners drop them on their own. */
    public FleetModels withoutLapsed(Instant now) {
        Map<String, ModelPin> active = new LinkedHashMap<>();
        pins.forEach((path, pin) -> {
            if (pin.activeAt(now)) {
                active.put(path, pin);
            }
        });
        return new FleetModels(generation, active, evictions, cleanupMaxAge, cleanupGeneration);
    }

    public boolean pinned(String path, Instant now) {
        ModelPin pin = pins.get(path);
        return pin != null && pin.activeAt(now);
    }
}
