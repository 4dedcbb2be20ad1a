package io.comfyless.runner.model;

import io.comfyless.core.model.FleetModelStore;
import io.comfyless.core.model.FleetModels;
import io.comfyless.core.model.ModelPath;
import io.comfyless.core.model.ModelPin;
import io.comfyless.core.worker.CachedModel;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the fleet's model commands on this runner's cache: stages and holds pinned models,
 * lets go of pins that were lifted or lapsed, evicts what was unloaded, and cleans up. It reads the
 * commands (one read of the fleet record) only when the worker heartbeat brings a newer generation
 * than it has applied, and once at start-up; otherwise it costs nothing. Staging can take minutes,
 * so commands are applied on a thread of their own, one generation at a time.
 */
public final class FleetModelCommands implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FleetModelCommands.class);

    private final Optional<ModelCache> cache;
    private final FleetModelStore store;
    private final Clock clock;
    private final Map<String, Held> holds = new HashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "model-commands");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile long applied = -1;

    private record Held(ModelCache.Pin pin, Instant until) {}

    public FleetModelCommands(Optional<ModelCache> cache, FleetModelStore store, Clock clock) {
        this.cache = cache;
        this.store = store;
        this.clock = clock;
    }

    /** Applies the commands in force when the runner starts (the pins a new runner must stage too). */
    public void start() {
        schedule();
    }

    /**
     * What the heartbeat read back: the generation the API last signalled. A newer one than applied
     * schedules an application; lapsed pins are let go on every call.
     */
    public void signalled(long generation) {
        if (generation > applied) {
            schedule();
        } else {
            worker.execute(this::releaseLapsed);
        }
    }

    /** The generation applied so far; -1 before the first. */
    public long applied() {
        return applied;
    }

    /** What the cache holds, marked pinned where a command holds it, for the heartbeat. */
    public synchronized List<CachedModel> inventory() {
        if (cache.isEmpty()) {
            return List.of();
        }
        return cache.get().inventory().stream()
                .map(held -> {
                    boolean pinned = holds.containsKey(held.path());
                    return new CachedModel(
                            held.path(),
                            held.sizeBytes(),
                            held.sha256(),
                            held.lastUsed(),
                            pinned,
                            held.pins() > (pinned ? 1 : 0));
                })
                .toList();
    }

    @Override
    public void close() {
        worker.shutdownNow();
        synchronized (this) {
            holds.values().forEach(held -> held.pin().close());
            holds.clear();
        }
    }

    private void schedule() {
        if (cache.isPresent() && queued.compareAndSet(false, true)) {
            worker.execute(() -> {
                queued.set(false);
                try {
                    apply(store.read());
                } catch (RuntimeException e) {
                    log.warn(
                            "Could not apply the fleet's model commands; retrying on the next signal: {}",
                            e.toString());
                }
            });
        }
    }

    /** Runs on the command thread only. */
    void apply(FleetModels commands) {
        long from = applied;
        Instant now = clock.instant();
        for (ModelPin pin : commands.pins().values()) {
            if (pin.activeAt(now)) {
                hold(pin);
            }
        }
        synchronized (this) {
            holds.keySet().removeIf(path -> {
                ModelPin pin = commands.pins().get(path);
                if (pin == null || !pin.activeAt(now)) {
                    holds.get(path).pin().close();
                    return true;
                }
                return false;
            });
        }
        commands.evictions().forEach((path, generation) -> {
            if (generation > from) {
                parse(path).ifPresent(model -> cache.get().evict(model));
            }
        });
        if (commands.cleanupGeneration() > from && commands.cleanupMaxAge() != null) {
            cache.get().evictUnusedSince(now.minus(commands.cleanupMaxAge()));
        }
        applied = commands.generation();
        log.info("Applied model commands up to generation {}: {} model(s) held", applied, holds.size());
    }

    private void hold(ModelPin pin) {
        synchronized (this) {
            Held current = holds.get(pin.path());
            if (current != null) {
                holds.put(pin.path(), new Held(current.pin(), pin.until()));
                return;
            }
        }
        Optional<ModelPath> path = parse(pin.path());
        if (path.isEmpty()) {
            return;
        }
        try {
            // May download for minutes; nothing is locked meanwhile, so heartbeats and jobs carry on.
            ModelCache.Pin staged = cache.get().acquire(path.get());
            synchronized (this) {
                holds.put(pin.path(), new Held(staged, pin.until()));
            }
        } catch (ModelNotFoundException | ModelStagingException e) {
            log.warn("Cannot load model {}: {}", pin.path(), e.getMessage());
        }
    }

    private void releaseLapsed() {
        Instant now = clock.instant();
        synchronized (this) {
            holds.entrySet().removeIf(entry -> {
                Instant until = entry.getValue().until();
                if (until != null && !until.isAfter(now)) {
                    entry.getValue().pin().close();
                    log.info("Model {} is no longer pinned: its cache duration ended", entry.getKey());
                    return true;
                }
                return false;
            });
        }
    }

    private static Optional<ModelPath> parse(String relative) {
        int slash = relative.indexOf('/');
        return slash <= 0
                ? Optional.empty()
                : ModelPath.parse(relative.substring(0, slash), relative.substring(slash + 1));
    }
}
