package io.comfyless.runner;

import io.comfyless.runner.comfyui.ComfyEvent;
import io.comfyless.runner.comfyui.ComfyUiSocket;
import io.comfyless.runner.comfyui.PromptEvents;
import io.comfyless.runner.gpu.GpuSample;
import io.comfyless.runner.job.ClaimedJob;
import io.comfyless.runner.job.DrainPolicy;
import io.comfyless.runner.job.JobExecution;
import io.comfyless.runner.job.JobIntake;
import io.comfyless.runner.job.RunnerContext;
import io.comfyless.runner.job.StopReason;
import io.comfyless.runner.worker.HostProbe;
import io.comfyless.runner.worker.WorkerReporter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One runner beside one ComfyUI. It keeps the GPU busy: while one prompt executes, the next job is
 * already claimed and queued inside ComfyUI ({@code pipelineDepth}), and outputs upload while the
 * next prompt runs. A heartbeat renews leases, writes progress and notices cancellation; on
 * {@link #drain} it stops taking work and finishes or hands back what it holds.
 */
public final class Runner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Runner.class);
    /** A prompt with no message for this long is checked against ComfyUI's queue and history. */
    static final Duration QUIET_PROMPT = Duration.ofSeconds(10);
    /** Jobs done in ComfyUI that may be finishing (outputs to S3, final write) while others run. */
    static final int FINISHING = 8;

    private final RunnerContext context;
    private final AutoCloseable events;
    private final JobIntake intake;
    private final WorkerReporter reporter;
    private final ComfyUiSocket socket;
    private final PromptEvents prompts = new PromptEvents();
    private final List<JobExecution> active = new CopyOnWriteArrayList<>();
    private final Semaphore comfyUiSlots;
    private final Semaphore inFlightSlots;
    private final ExecutorService executions = Executors.newCachedThreadPool(named("job"));
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(named("heartbeat"));
    private final Thread intakeThread = new Thread(this::intakeLoop, "intake");
    private final AtomicBoolean draining = new AtomicBoolean();
    /** The prompt ComfyUI executes now, as last told on the socket's listener thread. */
    private volatile String executingPrompt;

    /**
     * @param events what the job store reports transitions to, closed (and so flushed) last, once the
     *     runner's jobs are done with
     */
    public Runner(RunnerContext context, WorkerReporter reporter, AutoCloseable events) {
        this.events = events;
        this.context = context;
        this.intake = new JobIntake(context);
        this.reporter = reporter;
        this.comfyUiSlots = new Semaphore(context.config().pipelineDepth());
        // Jobs that left ComfyUI may still be uploading outputs and writing results while the next ones
        // run; short jobs finish faster than that, so several may be finishing at once.
        this.inFlightSlots = new Semaphore(context.config().pipelineDepth() + FINISHING);
        this.socket = new ComfyUiSocket(
                context.comfyui().base(), context.config().workerId(), this::dispatch, this::reconcileAll);
    }

    public void start() {
        socket.connect(Duration.ofSeconds(10));
        reporter.start(this::activeJobIds);
        long period = context.config().heartbeat().toMillis();
        heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
        intakeThread.start();
        log.info(
                "Runner {} started against ComfyUI at {}",
                context.config().workerId(),
                context.comfyui().base());
    }

    /**
     * Stops taking work; jobs queued inside ComfyUI go back to the queue at once, and the running
     * one finishes if it can within {@code grace}, otherwise it is interrupted and handed back.
     * Returns when nothing is held any more.
     */
    public void drain(Duration grace) {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        Instant deadline = context.clock().instant().plus(grace);
        log.info("Draining runner {} (grace {})", context.config().workerId(), grace);
        reporter.terminating();
        // Jobs first, then the intake, whose polls in flight may take up to the idle wait to return.
        handBackWhatCannotFinish(deadline);
        stopIntake();
        while (!active.isEmpty()) {
            handBackWhatCannotFinish(deadline);
            awaitAny(context.config().heartbeat());
        }
        context.deletions().flush();
        log.info("Runner {} drained", context.config().workerId());
    }

    private void handBackWhatCannotFinish(Instant deadline) {
        Instant now = context.clock().instant();
        for (JobExecution execution : active) {
            if (DrainPolicy.handBack(execution, now, Duration.between(now, deadline))) {
                execution.stop(StopReason.DRAIN);
            }
        }
    }

    /**
     * Stops the lane watch, waiting for its polls in flight (at most the idle wait) and handing back what
     * they bring, then waits for the intake's current cycle: a claim in flight may still hand over a job,
     * which is then handed straight back.
     */
    private void stopIntake() {
        intake.close();
        try {
            intakeThread.join(context.config().idleWait().plusSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Why this runner takes no work now; empty when it does. */
    public Optional<String> notReadyBecause() {
        if (draining.get()) {
            return Optional.of("the runner is draining");
        }
        if (!reporter.comfyUiReachable()) {
            return Optional.of("ComfyUI at " + context.comfyui().base() + " does not answer");
        }
        if (!socket.isConnected()) {
            return Optional.of("ComfyUI's WebSocket is not connected");
        }
        return Optional.empty();
    }

    /** Jobs this runner holds right now. */
    public List<String> activeJobIds() {
        return active.stream().map(e -> e.claimed().job().id()).toList();
    }

    @Override
    public void close() {
        draining.set(true);
        intakeThread.interrupt();
        heartbeat.shutdownNow();
        executions.shutdownNow();
        context.deletions().flush();
        socket.close();
        reporter.close();
        context.gpu().close();
        context.live().close();
        try {
            events.close();
        } catch (Exception e) {
            log.warn("Could not deliver the last job events: {}", e.toString());
        }
    }

    private void intakeLoop() {
        while (!draining.get()) {
            try {
                if (!acquireSlots()) {
                    // No room: messages the lane watch brought in meanwhile are better started by another runner.
                    intake.releaseHeld();
                    continue;
                }
                Optional<ClaimedJob> claimed = Optional.empty();
                try {
                    // Both ways in: a prompt queued while the WebSocket is down would run unheard.
                    if (!draining.get() && context.comfyui().isUp() && socket.isConnected()) {
                        claimed = intake.next();
                    } else if (!draining.get()) {
                        awaitAny(Duration.ofSeconds(1));
                    }
                } finally {
                    if (claimed.isEmpty()) {
                        comfyUiSlots.release();
                        inFlightSlots.release();
                    }
                }
                claimed.ifPresent(this::run);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("Intake cycle failed; retrying", e);
                awaitAny(Duration.ofSeconds(1));
            }
        }
    }

    /**
     * Takes a ComfyUI slot and an in-flight slot, or neither. Waits in short slices so that a drain is
     * noticed without interrupting the thread: an interrupt could abort a receive whose message SQS has
     * already handed over, hiding that message until its visibility timeout.
     */
    private boolean acquireSlots() throws InterruptedException {
        if (!inFlightSlots.tryAcquire(200, TimeUnit.MILLISECONDS)) {
            return false;
        }
        if (!comfyUiSlots.tryAcquire(200, TimeUnit.MILLISECONDS)) {
            inFlightSlots.release();
            return false;
        }
        return true;
    }

    private void run(ClaimedJob claimed) {
        JobExecution execution = new JobExecution(context, claimed, prompts, socket);
        active.add(execution);
        reporter.jobStarted();
        execution.leftComfyUi().whenComplete((ignored, failure) -> comfyUiSlots.release());
        execution.done().whenComplete((ignored, failure) -> {
            active.remove(execution);
            inFlightSlots.release();
            reporter.jobFinished();
            synchronized (active) {
                active.notifyAll();
            }
        });
        if (draining.get()) {
            execution.stop(StopReason.DRAIN);
        }
        executions.execute(execution);
    }

    /**
     * ComfyUI's messages go to the execution whose prompt they name ({@link PromptEvents}); a preview
     * frame without metadata names no prompt, and belongs to the one ComfyUI is executing.
     */
    private void dispatch(ComfyEvent event) {
        if (event instanceof ComfyEvent.Executing executing) {
            followExecuting(executing);
        }
        if (event instanceof ComfyEvent.Preview preview) {
            String prompt = preview.promptId() != null ? preview.promptId() : executingPrompt;
            if (prompt != null) {
                active.stream()
                        .filter(execution -> prompt.equals(execution.promptId()))
                        .findFirst()
                        .ifPresent(execution -> execution.previewed(preview));
            }
            return;
        }
        prompts.accept(event);
    }

    /** Which prompt ComfyUI runs now, as its {@code executing} messages say: previews without metadata go to it. */
    private void followExecuting(ComfyEvent.Executing executing) {
        if (executing.node() != null) {
            executingPrompt = executing.promptId();
        } else if (executing.promptId() == null || executing.promptId().equals(executingPrompt)) {
            executingPrompt = null;
        }
    }

    private void beat() {
        context.deletions().flush();
        Instant now = context.clock().instant();
        boolean connected = socket.isConnected();
        sampleComfyUiGpu();
        for (JobExecution execution : active) {
            try {
                execution.heartbeat(now);
                // While the socket is down, or when a prompt has gone quiet, ask ComfyUI directly
                // (GET /queue, then /history): a missed end would otherwise hold the job until its timeout.
                if (!connected || execution.tracker().silence().compareTo(QUIET_PROMPT) > 0) {
                    execution.reconcile(now);
                }
            } catch (RuntimeException e) {
                if (!draining.get()) {
                    log.warn(
                            "Heartbeat for {} failed: {}",
                            execution.claimed().job().id(),
                            e.toString());
                }
            }
        }
    }

    /**
     * Without {@code nvidia-smi}, a running job's GPU memory peak comes from ComfyUI's own report,
     * read once a heartbeat while a job runs (a call to the ComfyUI beside the runner, nothing else).
     */
    private void sampleComfyUiGpu() {
        if (active.isEmpty() || context.gpu().measuresUtilization()) {
            return;
        }
        try {
            HostProbe.comfyUiGpuMemory(context.comfyui().systemStats())
                    .map(sample -> new GpuSample(
                            context.clock().instant(), null, sample.memoryUsedBytes(), sample.memoryTotalBytes()))
                    .ifPresent(context.gpu()::record);
        } catch (RuntimeException unavailable) {
            // The heartbeat's reconciliation notices an unreachable ComfyUI; a missed reading is only a reading.
        }
    }

    private void reconcileAll() {
        Instant now = context.clock().instant();
        for (JobExecution execution : active) {
            execution.reconcile(now);
        }
    }

    private void awaitAny(Duration atMost) {
        synchronized (active) {
            try {
                active.wait(Math.max(1, atMost.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
