package io.comfyless.runner.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.comfyless.core.json.Json;
import io.comfyless.core.webhook.SystemEventType;
import io.comfyless.core.webhook.SystemEvents;
import io.comfyless.core.worker.ComfyUiHealth;
import io.comfyless.core.worker.SetupStage;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this runner's worker record fresh: state, setup stages, current job, jobs done, GPU memory
 * as ComfyUI reports it, the host's figures and the model cache. Written every few seconds, on every
 * setup stage, and within a second of jobs starting or ending; the record expires by TTL when the
 * runner goes silent. While the runner takes jobs and ComfyUI answers, each report also touches the
 * {@link ReadinessFile} the container health check reads. A runner whose ComfyUI does not answer
 * reports {@code comfyui_unavailable}.
 */
public final class WorkerReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkerReporter.class);
    static final Duration PERIOD = Duration.ofSeconds(5);
    static final Duration COALESCE = Duration.ofSeconds(1);

    /**
     * What a deployed runner adds to the bare record.
     *
     * @param catalog publishes ComfyUI's node catalogue whenever ComfyUI answers anew; null to publish nothing
     * @param readiness touched while the runner is ready, for the container health check
     * @param host measures the host for each report
     * @param events where {@code system.capacity} is announced when the runner starts and stops; null for none
     * @param models the fleet's model commands, whose signal each heartbeat reads back and whose
     *     cache each heartbeat reports; null for a runner without a model cache
     */
    public record Parts(
            CatalogPublisher catalog,
            ReadinessFile readiness,
            HostProbe host,
            SystemEvents events,
            FleetModelCommands models) {

        /** Nothing beyond the record: no catalogue, readiness file, events or model cache. */
        public static Parts none(Clock clock) {
            return new Parts(
                    null, ReadinessFile.none(), new HostProbe(Path.of("/"), GpuSampler.manual(clock)), null, null);
        }
    }

    private final RunnerConfig config;
    private final WorkerRegistry registry;
    private final ComfyUiClient comfyui;
    private final Clock clock;
    private final Parts parts;
    private final ReadinessFile readiness;
    private final Instant startedAt;
    private final SetupProgress setup = new SetupProgress();
    private final AtomicLong finished = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean reportDue = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "worker-reporter");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Supplier<List<String>> activeJobs = List::of;
    private volatile boolean taking;
    private volatile boolean terminating;
    private volatile boolean comfyUiReachable;

    public WorkerReporter(RunnerConfig config, WorkerRegistry registry, ComfyUiClient comfyui, Clock clock) {
        this(config, registry, comfyui, clock, Parts.none(clock));
    }

    public WorkerReporter(
            RunnerConfig config, WorkerRegistry registry, ComfyUiClient comfyui, Clock clock, Parts parts) {
        this.config = config;
        this.registry = registry;
        this.comfyui = comfyui;
        this.clock = clock;
        this.parts = parts;
        this.readiness = parts.readiness() == null ? ReadinessFile.none() : parts.readiness();
        this.startedAt = clock.instant();
    }

    /** The stages so far; stages from before this process are recorded here by whoever knows them. */
    public SetupProgress setup() {
        return setup;
    }

    /** Records that {@code stage} begins now and reports it, with the runner still {@code starting}. */
    public void stage(SetupStage stage) {
        setup.began(stage, clock.instant());
        schedule();
        report(WorkerState.STARTING);
    }

    /** The runner takes jobs from now on: setup is over. */
    public void start(Supplier<List<String>> activeJobs) {
        this.activeJobs = activeJobs;
        setup.began(SetupStage.READY, clock.instant());
        taking = true;
        schedule();
        reportNow();
        announce("runner_started");
        if (parts.models() != null) {
            parts.models().start();
        }
    }

    public void jobStarted() {
        changed();
    }

    public void jobFinished() {
        finished.incrementAndGet();
        changed();
    }

    /**
     * Reports a change within {@link #COALESCE}, together with every other change in that time: a runner
     * going through many short jobs writes its record about once a second, not twice per job.
     */
    private void changed() {
        if (reportDue.compareAndSet(false, true)) {
            timer.schedule(
                    () -> {
                        reportDue.set(false);
                        reportNow();
                    },
                    COALESCE.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    public void terminating() {
        terminating = true;
        readiness.clear();
        report(WorkerState.TERMINATING);
        announce("runner_stopping");
    }

    /** {@code system.capacity}: one GPU more or less for the fleet. */
    private void announce(String change) {
        if (parts.events() != null) {
            parts.events()
                    .publish(
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
        readiness.clear();
        if (parts.models() != null) {
            parts.models().close();
        }
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            timer.scheduleAtFixedRate(this::reportNow, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Whether ComfyUI answered the last report's {@code /system_stats}. */
    public boolean comfyUiReachable() {
        return comfyUiReachable;
    }

    private void reportNow() {
        if (terminating) {
            report(WorkerState.TERMINATING);
        } else if (!taking) {
            report(WorkerState.STARTING);
        } else {
            report(activeJobs.get().isEmpty() ? WorkerState.IDLE : WorkerState.RUNNING);
        }
    }

    private void report(WorkerState wanted) {
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
            comfyUiReachable = health.reachable();
            publishCatalog(stats);
            WorkerState state = !comfyUiReachable && (wanted == WorkerState.IDLE || wanted == WorkerState.RUNNING)
                    ? WorkerState.COMFYUI_UNAVAILABLE
                    : wanted;
            JsonNode device = stats.path("devices").path(0);
            FleetModelCommands models = parts.models();
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
                    setup.steps(),
                    parts.host().measure(stats),
                    health,
                    models == null ? List.of() : models.inventory()));
            if (models != null) {
                models.signalled(signal);
            }
            // Ready means registered, taking jobs and with a ComfyUI that just answered.
            if (taking && !terminating && comfyUiReachable) {
                readiness.touch();
                if (terminating) {
                    // A drain that began while this report ran has already cleared the file once.
                    readiness.clear();
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not report worker state: {}", e.toString());
        }
    }

    private void publishCatalog(JsonNode stats) {
        if (parts.catalog() == null) {
            return;
        }
        if (comfyUiReachable) {
            parts.catalog().reachable(stats);
        } else {
            parts.catalog().unreachable();
        }
    }
}
