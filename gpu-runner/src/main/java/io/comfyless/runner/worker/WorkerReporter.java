package io.comfyless.runner.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.comfyless.core.json.Json;
import io.comfyless.core.webhook.SystemEventType;
import io.comfyless.core.webhook.SystemEvents;
import io.comfyless.core.worker.ComfyUiHealth;
import io.comfyless.core.worker.Worker;
import io.comfyless.core.worker.WorkerRegistry;
import io.comfyless.core.worker.WorkerState;
import io.comfyless.runner.RunnerConfig;
import io.comfyless.runner.comfyui.ComfyUiClient;
import io.comfyless.runner.gpu.GpuSampler;
import io.comfyless.runner.model.FleetModelCommands;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this runner's worker record fresh: state, current job, jobs done, GPU memory as ComfyUI
 * reports it. Written every few seconds and on every state change; the record expires by TTL when
 * the runner goes silent.
 */
public final class WorkerReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkerReporter.class);
    static final Duration PERIOD = Duration.ofSeconds(5);

    private final RunnerConfig config;
    private final WorkerRegistry registry;
    private final ComfyUiClient comfyui;
    private final Clock clock;
    private final Instant startedAt;
    private final AtomicLong finished = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "worker-reporter");
        thread.setDaemon(true);
        return thread;
    });
    private final HostProbe host;
    private final SystemEvents events;
    private final FleetModelCommands models;
    private volatile Supplier<List<String>> activeJobs = List::of;
    private volatile boolean terminating;

    public WorkerReporter(RunnerConfig config, WorkerRegistry registry, ComfyUiClient comfyui, Clock clock) {
        this(config, registry, comfyui, clock, new HostProbe(Path.of("/"), GpuSampler.manual(clock)), null, null);
    }

    /**
     * @param events where {@code system.capacity} is announced when the runner starts and stops; null for none
     * @param models the fleet's model commands, whose signal each heartbeat reads back and whose
     *               cache each heartbeat reports; null for a runner without a model cache
     */
    public WorkerReporter(
            RunnerConfig config,
            WorkerRegistry registry,
            ComfyUiClient comfyui,
            Clock clock,
            HostProbe host,
            SystemEvents events,
            FleetModelCommands models) {
        this.config = config;
        this.registry = registry;
        this.comfyui = comfyui;
        this.clock = clock;
        this.host = host;
        this.events = events;
        this.models = models;
        this.startedAt = clock.instant();
    }

    public void start(Supplier<List<String>> activeJobs) {
        this.activeJobs = activeJobs;
        report(WorkerState.STARTING);
        announce("runner_started");
        if (models != null) {
            models.start();
        }
        timer.scheduleAtFixedRate(this::reportNow, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void jobStarted() {
        timer.execute(this::reportNow);
    }

    public void jobFinished() {
        finished.incrementAndGet();
        timer.execute(this::reportNow);
    }

    public void terminating() {
        terminating = true;
        report(WorkerState.TERMINATING);
        announce("runner_stopping");
    }

    /** {@code system.capacity}: one GPU more or less for the fleet. */
    private void announce(String change) {
        if (events != null) {
            events.publish(
                    SystemEventType.SYSTEM_CAPACITY,
                    Json.object()
                            .put("change", change)
                            .put("worker_id", config.workerId())
                            .put("instance_type", config.instanceType())
                            .put("capacity", config.capacity()));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (models != null) {
            models.close();
        }
    }

    private void reportNow() {
        if (terminating) {
            report(WorkerState.TERMINATING);
            return;
        }
        report(activeJobs.get().isEmpty() ? WorkerState.IDLE : WorkerState.RUNNING);
    }

    private void report(WorkerState state) {
        try {
            List<String> jobs = activeJobs.get();
            long probeStarted = System.nanoTime();
            ComfyUiHealth health;
            JsonNode stats;
            try {
                stats = comfyui.systemStats();
                health = new ComfyUiHealth(true, (System.nanoTime() - probeStarted) / 100_000 / 10.0, null);
            } catch (RuntimeException unavailable) {
                stats = MissingNode.getInstance();
                health = new ComfyUiHealth(false, null, unavailable.getMessage());
            }
            JsonNode device = stats.path("devices").path(0);
            long signal = registry.heartbeat(new Worker(
                    config.workerId(),
                    state,
                    config.instanceType(),
                    config.capacity(),
                    jobs.isEmpty() ? null : jobs.get(0),
                    finished.get(),
                    0,
                    startedAt,
                    clock.instant(),
                    device.path("name").asText(null),
                    device.has("vram_total") ? device.get("vram_total").asLong() : null,
                    device.has("vram_free") ? device.get("vram_free").asLong() : null,
                    stats.path("system").path("comfyui_version").asText(null),
                    host.measure(stats),
                    health,
                    models == null ? List.of() : models.inventory()));
            if (models != null) {
                models.signalled(signal);
            }
        } catch (RuntimeException e) {
            log.warn("Could not report worker state: {}", e.toString());
        }
    }
}
