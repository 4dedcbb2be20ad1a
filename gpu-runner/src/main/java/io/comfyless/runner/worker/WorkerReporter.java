package io.comfyless.runner.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.worker.Worker;
import io.comfyless.core.worker.WorkerRegistry;
import io.comfyless.core.worker.WorkerState;
import io.comfyless.runner.RunnerConfig;
import io.comfyless.runner.comfyui.ComfyUiClient;
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
 * Keeps this runner's worker record fresh: state, current job, jobs done, GPU memory as ComfyUI
 * reports it. Written every few seconds, and within a second of jobs starting or ending; the record
 * expires by TTL when the runner goes silent.
 */
public final class WorkerReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkerReporter.class);
    static final Duration PERIOD = Duration.ofSeconds(5);
    static final Duration COALESCE = Duration.ofSeconds(1);

    private final RunnerConfig config;
    private final WorkerRegistry registry;
    private final ComfyUiClient comfyui;
    private final Clock clock;
    private final Instant startedAt;
    private final AtomicLong finished = new AtomicLong();
    private final AtomicBoolean reportDue = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "worker-reporter");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Supplier<List<String>> activeJobs = List::of;
    private volatile boolean terminating;

    public WorkerReporter(RunnerConfig config, WorkerRegistry registry, ComfyUiClient comfyui, Clock clock) {
        this.config = config;
        this.registry = registry;
        this.comfyui = comfyui;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    public void start(Supplier<List<String>> activeJobs) {
        this.activeJobs = activeJobs;
        report(WorkerState.STARTING);
        timer.scheduleAtFixedRate(this::reportNow, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
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
        report(WorkerState.TERMINATING);
    }

    @Override
    public void close() {
        timer.shutdownNow();
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
            JsonNode stats = systemStats();
            JsonNode device = stats.path("devices").path(0);
            registry.report(new Worker(
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
                    stats.path("system").path("comfyui_version").asText(null)));
        } catch (RuntimeException e) {
            log.warn("Could not report worker state: {}", e.toString());
        }
    }

    private JsonNode systemStats() {
        try {
            return comfyui.systemStats();
        } catch (RuntimeException unavailable) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }
}
