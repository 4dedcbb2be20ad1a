package io.comfyless.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.json.Json;
import io.comfyless.core.webhook.SystemEventType;
import io.comfyless.core.webhook.SystemEvents;
import io.comfyless.core.worker.CachedModel;
import io.comfyless.core.worker.Worker;
import io.comfyless.core.worker.WorkerRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Models on the fleet's runners, beside the store they come from. Loading a model means "stage it
 * onto every runner's model cache and keep it there"; unloading and cleaning up mean "evict it
 * from the caches". Each command is written to the {@link FleetModelStore}, then every live runner
 * is signalled through its worker record; runners apply commands on their next heartbeat (within a
 * few seconds), and runners that start later apply the pins when they start. What each runner holds
 * comes back in its heartbeats, which is where {@link #state} reads it.
 */
public final class ModelFleet {

    private final FleetModelStore commands;
    private final ModelStore store;
    private final WorkerRegistry workers;
    private final SystemEvents events;
    private final Clock clock;

    public ModelFleet(
            FleetModelStore commands, ModelStore store, WorkerRegistry workers, SystemEvents events, Clock clock) {
        this.commands = commands;
        this.store = store;
        this.workers = workers;
        this.events = events;
        this.clock = clock;
    }

    /** Where one model is cached. */
    public record Location(
            String workerId, long sizeBytes, String sha256, Instant lastUsed, boolean pinned, boolean inUse) {}

    /** One model across the store, the runners' caches and the commands. */
    public record ModelState(ModelPath path, Optional<ModelEntry> stored, List<Location> cachedOn, ModelPin pin) {

        /** On at least one runner's disk, ready for ComfyUI. */
        public boolean loaded() {
            return !cachedOn.isEmpty();
        }

        public Instant lastUsed() {
            return cachedOn.stream()
                    .map(Location::lastUsed)
                    .filter(Objects::nonNull)
                    .max(Instant::compareTo)
                    .orElse(null);
        }

        /** The store's checksum, or else the one a runner computed while copying the file in. */
        public String sha256() {
            return stored.map(ModelEntry::sha256)
                    .or(() -> cachedOn.stream()
                            .map(Location::sha256)
                            .filter(Objects::nonNull)
                            .findFirst())
                    .orElse(null);
        }
    }

    /**
     * Pins {@code path} on every runner: staged now, kept until unloaded or until {@code keepFor} ends.
     *
     * @throws NotFoundException when the store does not have the model
     */
    public ModelPin load(ModelPath path, int priority, Optional<Duration> keepFor, String requestedBy) {
        store.find(path)
                .orElseThrow(() -> new NotFoundException("Model '" + path.relative() + "' is not in the model store"));
        Instant now = clock.instant();
        ModelPin pin =
                new ModelPin(path.relative(), priority, keepFor.map(now::plus).orElse(null), now, requestedBy);
        announce(commands.update(state -> state.withoutLapsed(now).pin(pin)), "loaded", path);
        return pin;
    }

    /** Unpins {@code path} and evicts it from every runner's cache (a running job keeps its copy until it ends). */
    public void unload(ModelPath path) {
        Instant now = clock.instant();
        announce(commands.update(state -> state.withoutLapsed(now).evict(path.relative())), "unloaded", path);
    }

    /**
     * Evicts, on every runner, the models nobody pinned that no job has used for {@code maxAge}.
     *
     * @return the models that will be evicted, as the runners last reported their caches
     */
    public List<String> cleanup(Duration maxAge) {
        Instant cutoff = clock.instant().minus(maxAge);
        List<String> unused = new ArrayList<>();
        for (Map.Entry<String, List<Location>> model : locations().entrySet()) {
            boolean idle = model.getValue().stream()
                    .anyMatch(at -> !at.pinned()
                            && !at.inUse()
                            && at.lastUsed() != null
                            && at.lastUsed().isBefore(cutoff));
            if (idle) {
                unused.add(model.getKey());
            }
        }
        FleetModels next =
                commands.update(state -> state.withoutLapsed(clock.instant()).cleanup(maxAge));
        workers.signalModels(next.generation());
        return unused;
    }

    public ModelState state(ModelPath path) {
        Instant now = clock.instant();
        FleetModels current = commands.read();
        return new ModelState(
                path,
                store.find(path),
                locations().getOrDefault(path.relative(), List.of()),
                current.pinned(path.relative(), now) ? current.pins().get(path.relative()) : null);
    }

    /** Every model the runners hold, by path; one read of the worker records. */
    public Map<String, List<Location>> locations() {
        return locations(workers.list().stream().filter(Worker::live).toList());
    }

    /** Every model {@code live} runners hold, by path. */
    public static Map<String, List<Location>> locations(List<Worker> live) {
        Map<String, List<Location>> byPath = new LinkedHashMap<>();
        for (Worker worker : live) {
            for (CachedModel model : worker.models()) {
                byPath.computeIfAbsent(model.path(), p -> new ArrayList<>())
                        .add(new Location(
                                worker.id(),
                                model.sizeBytes(),
                                model.sha256(),
                                model.lastUsed(),
                                model.pinned(),
                                model.inUse()));
            }
        }
        return byPath;
    }

    /** The pins in force now, by path. */
    public Map<String, ModelPin> pins() {
        return commands.read().withoutLapsed(clock.instant()).pins();
    }

    private void announce(FleetModels next, String change, ModelPath path) {
        workers.signalModels(next.generation());
        ObjectNode data = Json.object()
                .put("change", change)
                .put("path", path.relative())
                .put("folder", path.folder())
                .put("name", path.name());
        events.publish(SystemEventType.MODEL_UPDATED, data);
    }
}
