package io.comfyless.runner;

import io.comfyless.runner.comfyui.ComfyEvent;
import io.comfyless.runner.comfyui.ComfyUiSocket;
import io.comfyless.runner.job.ClaimedJob;
import io.comfyless.runner.job.DrainPolicy;
import io.comfyless.runner.job.JobExecution;
import io.comfyless.runner.job.JobIntake;
import io.comfyless.runner.job.RunnerContext;
import io.comfyless.runner.job.StopReason;
import io.comfyless.runner.worker.WorkerReporter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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

    private final RunnerContext context;
    private final JobIntake intake;
    private final WorkerReporter reporter;
    private final ComfyUiSocket socket;
    private final Map<String, JobExecution> byPrompt = new ConcurrentHashMap<>();
    private final List<JobExecution> active = new CopyOnWriteArrayList<>();
    private final Semaphore comfyUiSlots;
    private final Semaphore inFlightSlots;
    private final ExecutorService executions = Executors.newCachedThreadPool(named("job"));
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(named("heartbeat"));
    private final Thread intakeThread = new Thread(this::intakeLoop, "intake");
    private final AtomicBoolean draining = new AtomicBoolean();
    /** The prompt ComfyUI executes now, as last told on the socket's listener thread. */
    private volatile String executingPrompt;

    public Runner(RunnerContext context, WorkerReporter reporter) {
        this.context = context;
        this.intake = new JobIntake(context);
        this.reporter = reporter;
        this.comfyUiSlots = new Semaphore(context.config().pipelineDepth());
        // One more than fit in ComfyUI: a finished job may still be uploading while the next two run.
        this.inFlightSlots = new Semaphore(context.config().pipelineDepth() + 1);
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
        stopIntake();
        while (!active.isEmpty()) {
            Instant now = context.clock().instant();
            for (JobExecution execution : active) {
                if (DrainPolicy.handBack(execution, now, Duration.between(now, deadline))) {
                    execution.stop(StopReason.DRAIN);
                }
            }
            awaitAny(context.config().heartbeat());
        }
        log.info("Runner {} drained", context.config().workerId());
    }

    /**
     * Waits for the intake to finish its current poll (at most the idle wait): a receive in flight may
     * still hand over a job, which is then handed straight back.
     */
    private void stopIntake() {
        try {
            intakeThread.join(context.config().idleWait().plusSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        socket.close();
        reporter.close();
        context.live().close();
    }

    private void intakeLoop() {
        while (!draining.get()) {
            try {
                if (!acquireSlots()) {
                    continue;
                }
                Optional<ClaimedJob> claimed = Optional.empty();
                try {
                    if (!draining.get() && context.comfyui().isUp()) {
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
        JobExecution execution = new JobExecution(context, claimed);
        byPrompt.put(claimed.promptId(), execution);
        active.add(execution);
        reporter.jobStarted();
        execution.leftComfyUi().whenComplete((ignored, failure) -> comfyUiSlots.release());
        execution.done().whenComplete((ignored, failure) -> {
            byPrompt.remove(claimed.promptId());
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

    private void dispatch(ComfyEvent event) {
        if (event instanceof ComfyEvent.Executing executing) {
            followExecuting(executing);
        }
        if (event instanceof ComfyEvent.Preview preview) {
            // A plain preview names no prompt: it belongs to the one ComfyUI is executing for this socket.
            String prompt = preview.promptId() != null ? preview.promptId() : executingPrompt;
            JobExecution execution = prompt == null ? null : byPrompt.get(prompt);
            if (execution != null) {
                execution.previewed(preview);
            }
            return;
        }
        if (event.promptId() == null) {
            return;
        }
        JobExecution execution = byPrompt.get(event.promptId());
        if (execution != null) {
            execution.tracker().accept(event);
        }
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
        Instant now = context.clock().instant();
        boolean connected = socket.isConnected();
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
