package io.comfyless.runner.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.job.EtaEstimator;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobFailure;
import io.comfyless.core.job.JobMetrics;
import io.comfyless.core.job.JobOutput;
import io.comfyless.core.job.LeaseState;
import io.comfyless.core.job.LogEntry;
import io.comfyless.core.job.Progress;
import io.comfyless.core.json.Json;
import io.comfyless.core.queue.QueueMessage;
import io.comfyless.core.workflow.Workflow;
import io.comfyless.runner.comfyui.ComfyEvent;
import io.comfyless.runner.comfyui.ComfyUiClient;
import io.comfyless.runner.comfyui.ComfyUiSocket;
import io.comfyless.runner.comfyui.ComfyUiUnavailableException;
import io.comfyless.runner.comfyui.PromptEvents;
import io.comfyless.runner.comfyui.PromptOutcome;
import io.comfyless.runner.comfyui.PromptRejectedException;
import io.comfyless.runner.comfyui.PromptTracker;
import io.comfyless.runner.gpu.GpuSampler;
import io.comfyless.runner.live.LiveReports;
import io.comfyless.runner.model.ModelNotFoundException;
import io.comfyless.runner.model.ModelStager;
import io.comfyless.runner.model.ModelStagingException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.AbortedException;

/**
 * One claimed job, from staging its inputs to its final state. Runs on its own thread; the
 * runner's heartbeat calls {@link #heartbeat} to renew the lease, write progress, notice
 * cancellation and timeouts, and {@link #stop} to end the prompt early. Every write is conditional
 * on this runner still holding the job, so a runner that lost its lease cannot overwrite the work
 * of the one that took over.
 *
 * <p>A cancelled job is marked cancelled only once ComfyUI confirms its prompt stopped (or ComfyUI is gone); until then
 * the job is running with {@code cancel_requested} set. ComfyUI acts on an interrupt between nodes, and within a
 * sampler at its next step.
 */
public final class JobExecution implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(JobExecution.class);
    /**
     * How long to wait for ComfyUI to confirm a stop before treating the prompt as stopped, for stops that must not
     * wait on a slow node (a drain, a timeout, a lost lease). A cancel waits for ComfyUI itself.
     */
    private static final Duration STOP_CONFIRMATION = Duration.ofSeconds(10);
    /** How long a prompt waits for the runner's WebSocket before it is queued all the same. */
    private static final Duration SOCKET_WAIT = Duration.ofSeconds(15);

    private static final int HISTORY_ATTEMPTS = 20;
    /** Reconciliation costs two HTTP calls; once every few seconds per job is plenty. */
    private static final Duration RECONCILE_EVERY = Duration.ofSeconds(2);

    private final RunnerContext context;
    private final ClaimedJob claimed;
    private final PromptTracker tracker;
    private final PromptEvents events;
    private final ComfyUiSocket socket;
    /** The id ComfyUI runs the prompt under: the claimed one, unless an older ComfyUI chose its own. */
    private volatile String promptId;

    private final CompletableFuture<Void> leftComfyUi = new CompletableFuture<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile StopReason stopReason;
    private volatile Instant stopRequestedAt;
    private volatile boolean submitted;
    private volatile PromptTracker.Snapshot latestProgress;
    private volatile PromptTracker.Snapshot writtenProgress;
    private volatile String writtenPreviewKey;
    /** How long this workflow usually runs, read once the job starts; empty when unknown. */
    private volatile Optional<Duration> typicalRunTime = Optional.empty();

    private final LiveReports.Feed feed;
    private volatile Instant lastVisibilityExtension;
    private volatile Instant comfyUiDownSince;
    private volatile Instant lastReconciled;
    /** Set just before the final write: from then on a refused renewal means "already finished", not "lost". */
    private volatile boolean settling;
    /** Orders visibility extensions before the final delete or release of the message, never after. */
    private final Object messageLock = new Object();

    private final Instant claimedAt;
    /** The GPU readings taken while ComfyUI executes the prompt; opened at its start. */
    private volatile GpuSampler.Window gpuWindow;

    private volatile Instant executionEndedAt;

    /**
     * @param events routes ComfyUI's messages; this execution follows its prompt there until it is done
     * @param socket the runner's WebSocket, which must be connected before the prompt is queued
     */
    public JobExecution(RunnerContext context, ClaimedJob claimed, PromptEvents events, ComfyUiSocket socket) {
        this.context = context;
        this.claimed = claimed;
        this.events = events;
        this.socket = socket;
        this.promptId = claimed.promptId();
        this.feed = context.live().follow(claimed.job());
        this.tracker = new PromptTracker(
                claimed.promptId(), claimed.job().workflow().size(), context.clock(), this::progressed);
        this.lastVisibilityExtension = context.clock().instant();
        this.claimedAt = context.clock().instant();
        tracker.started().thenRun(() -> {
            if (executionEndedAt == null) {
                gpuWindow = context.gpu().open();
            }
        });
        events.follow(claimed.promptId(), tracker::accept);
        done.whenComplete((ignored, failure) -> {
            events.forget(claimed.promptId());
            events.forget(promptId);
        });
    }

    public ClaimedJob claimed() {
        return claimed;
    }

    /** The id ComfyUI runs the prompt under: the claimed one, unless an older ComfyUI chose its own. */
    public String promptId() {
        return promptId;
    }

    public PromptTracker tracker() {
        return tracker;
    }

    /** Completes once ComfyUI is done with the prompt (or it never got there): a slot frees up. */
    public CompletableFuture<Void> leftComfyUi() {
        return leftComfyUi;
    }

    /** Completes once the job reached its final state for this runner. */
    public CompletableFuture<Void> done() {
        return done;
    }

    public double percentage() {
        PromptTracker.Snapshot snapshot = latestProgress;
        return snapshot == null ? 0 : snapshot.percentage();
    }

    /** A preview ComfyUI sent while this job's prompt ran: stored and announced, at most once a second. */
    public void previewed(ComfyEvent.Preview preview) {
        PromptTracker.Snapshot at = latestProgress;
        feed.preview(preview, at == null ? null : toInt(at.step()), at == null ? null : toInt(at.totalSteps()));
    }

    public Optional<Instant> executionStartedAt() {
        return tracker.started().isDone() ? Optional.of(tracker.started().join()) : Optional.empty();
    }

    @Override
    public void run() {
        Job job = claimed.job();
        ModelStager.Staged models = ModelStager.Staged.NONE;
        try {
            typicalRunTime = typicalRunTime(job);
            if (stopReason == null) {
                // Models first: a missing one fails the job before any input is fetched or ComfyUI is asked.
                models = context.models().stage(job.workflow());
                Workflow workflow = context.stager().stage(job, job.workflow(), context.comfyui());
                // Staging may take minutes (a model download): a stop that came meanwhile needs no prompt.
                if (stopReason == null) {
                    queueInComfyUi(workflow);
                }
            }
            PromptOutcome outcome =
                    stopReason != null && !submitted ? new PromptOutcome.Interrupted(null, null) : awaitOutcome();
            executionEndedAt = now();
            closeGpuWindow();
            leftComfyUi.complete(null);
            finish(outcome);
        } catch (PromptRejectedException e) {
            e.reasons()
                    .forEach(reason -> log(new LogEntry(
                            now(),
                            "ERROR",
                            "comfyui",
                            describeNode(reason.nodeId(), reason.nodeType()) + reason.text(),
                            reason.nodeId())));
            fail(new JobFailure(
                    JobFailure.Codes.PROMPT_REJECTED,
                    e.getMessage(),
                    e.nodeId(),
                    e.nodeType() != null ? e.nodeType() : classType(e.nodeId()),
                    null,
                    false));
        } catch (InputStager.InputException e) {
            fail(JobFailure.of(JobFailure.Codes.INPUT_ERROR, e.getMessage(), false));
        } catch (ModelNotFoundException e) {
            fail(JobFailure.of(JobFailure.Codes.MODEL_NOT_FOUND, e.getMessage(), false));
        } catch (ModelStagingException e) {
            JobFailure failure = JobFailure.of(JobFailure.Codes.MODEL_STAGING_FAILED, e.getMessage(), e.retryable());
            if (e.retryable()) {
                retryLater(failure);
            } else {
                fail(failure);
            }
        } catch (ComfyUiUnavailableException e) {
            retryLater(JobFailure.of(JobFailure.Codes.COMFYUI_UNAVAILABLE, e.getMessage(), true));
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || e instanceof AbortedException) {
                // The runner is being torn down: like a crash, its lease lapses and the job is taken over.
                log.info("Abandoned {} while the runner shut down", job.id());
                return;
            }
            log.error("Job {} failed unexpectedly in the runner", job.id(), e);
            retryLater(JobFailure.of(JobFailure.Codes.COMFYUI_UNAVAILABLE, "Runner error: " + e, true));
        } finally {
            closeGpuWindow();
            models.close();
            leftComfyUi.complete(null);
            done.complete(null);
        }
    }

    /**
     * Queues the prompt once the runner's WebSocket is connected: a prompt queued while nobody listens would run
     * without progress until reconciliation noticed it. ComfyUI of early 2024 chooses the prompt id itself; the
     * messages about it are followed under that id.
     */
    private void queueInComfyUi(Workflow workflow) {
        if (!socket.awaitConnected(SOCKET_WAIT)) {
            log.warn(
                    "Queueing {} while ComfyUI's WebSocket is still down",
                    claimed.job().id());
        }
        JsonNode extra = Json.object().put("comfyless_job_id", claimed.job().id());
        String given = context.comfyui()
                .submit(workflow.toJson(), claimed.promptId(), context.config().workerId(), extra);
        if (!given.equals(claimed.promptId())) {
            promptId = given;
            events.follow(given, tracker::accept);
        }
        submitted = true;
        if (stopReason != null) {
            stopInComfyUi();
        }
    }

    /** Called by the runner every heartbeat while this job is held. */
    public void heartbeat(Instant now) {
        if (stopReason == StopReason.LEASE_LOST) {
            return;
        }
        // Progress goes into the lease renewal's write: one write per heartbeat.
        Optional<Progress> progress = unwrittenProgress(now);
        LeaseState lease = context.store()
                .renewLease(
                        claimed.job(),
                        claimed.holder(),
                        now.plus(context.config().lease()),
                        progress);
        if (!lease.held()) {
            if (!settling) {
                log.warn(
                        "Lost the lease on {}; another runner or the reaper has it",
                        claimed.job().id());
                stop(StopReason.LEASE_LOST);
            }
            return;
        }
        if (lease.cancelRequested()) {
            stop(StopReason.CANCEL);
        }
        Optional<Instant> started = executionStartedAt();
        if (started.isPresent()
                && Duration.between(started.get(), now)
                                .compareTo(claimed.job().execution().timeout())
                        > 0) {
            stop(StopReason.TIMEOUT);
        }
        extendVisibility(now);
    }

    /** Ends the prompt early: interrupts it if executing, removes it if still queued in ComfyUI. */
    public void stop(StopReason reason) {
        synchronized (this) {
            if (stopReason != null) {
                return;
            }
            stopReason = reason;
            stopRequestedAt = now();
        }
        log.info("Stopping {} ({})", claimed.job().id(), reason);
        if (submitted) {
            stopInComfyUi();
        }
    }

    /**
     * Squares this prompt with ComfyUI after the WebSocket was down: finished prompts are read from
     * history; prompts ComfyUI no longer knows (it restarted) are given up as lost.
     */
    public void reconcile(Instant now) {
        if (!submitted
                || tracker.outcome().isDone()
                || lastReconciled != null
                        && Duration.between(lastReconciled, now).compareTo(RECONCILE_EVERY) < 0) {
            return;
        }
        lastReconciled = now;
        try {
            ComfyUiClient.QueueSnapshot queue = context.comfyui().queue();
            comfyUiDownSince = null;
            if (queue.running().contains(promptId) || queue.pending().contains(promptId)) {
                return;
            }
            Optional<PromptOutcome> finished =
                    context.comfyui().history(promptId).flatMap(HistoryOutcome::of);
            if (finished.isPresent()) {
                tracker.finishFromHistory(finished.get());
            } else {
                log.warn(
                        "ComfyUI no longer knows prompt {} of {}; it restarted",
                        promptId,
                        claimed.job().id());
                stop(StopReason.COMFYUI_DOWN);
                tracker.finishFromHistory(new PromptOutcome.Interrupted(null, null));
            }
        } catch (ComfyUiUnavailableException e) {
            if (comfyUiDownSince == null) {
                comfyUiDownSince = now;
            } else if (Duration.between(comfyUiDownSince, now)
                            .compareTo(context.config().comfyuiDownLimit())
                    > 0) {
                log.warn(
                        "ComfyUI unreachable for {}; handing {} back",
                        context.config().comfyuiDownLimit(),
                        claimed.job().id());
                stop(StopReason.COMFYUI_DOWN);
                tracker.finishFromHistory(new PromptOutcome.Interrupted(null, null));
            }
        }
    }

    /**
     * Takes the prompt out of ComfyUI's queue if it still waits there, and interrupts it if it runs. Only a running
     * prompt is interrupted: ComfyUI of early 2024 ignores the prompt id of an interrupt and would stop whatever runs.
     * A running prompt ends through ComfyUI's own {@code execution_interrupted}.
     */
    private void stopInComfyUi() {
        try {
            ComfyUiClient.QueueSnapshot queue = context.comfyui().queue();
            if (queue.pending().contains(promptId)) {
                context.comfyui().deleteQueued(promptId);
                // It may have started between the look and the delete.
                queue = context.comfyui().queue();
            }
            if (queue.running().contains(promptId)) {
                context.comfyui().interrupt(promptId);
            } else if (!queue.pending().contains(promptId)) {
                // Gone from ComfyUI: taken out before it started, or already finished.
                tracker.finishFromHistory(context.comfyui()
                        .history(promptId)
                        .flatMap(HistoryOutcome::of)
                        .orElse(new PromptOutcome.Interrupted(null, null)));
            }
        } catch (ComfyUiUnavailableException e) {
            log.warn("Could not stop prompt {} in ComfyUI: {}", promptId, e.getMessage());
            tracker.finishFromHistory(new PromptOutcome.Interrupted(null, null));
        }
    }

    private PromptOutcome awaitOutcome() {
        while (true) {
            try {
                return tracker.outcome().get(context.config().heartbeat().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                Instant requested = stopRequestedAt;
                if (requested != null
                        && stopReason != StopReason.CANCEL
                        && Duration.between(requested, now()).compareTo(STOP_CONFIRMATION) > 0) {
                    return new PromptOutcome.Interrupted(null, null);
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(StopReason.DRAIN);
                return new PromptOutcome.Interrupted(null, null);
            }
        }
    }

    private void finish(PromptOutcome outcome) {
        if (stopReason == StopReason.LEASE_LOST) {
            return;
        }
        // Progress still waiting for its interval goes out before the end does.
        feed.finish();
        if (stopReason == StopReason.CANCEL) {
            // Whatever ComfyUI answered, the prompt has stopped: that is the confirmation a cancel waits for.
            cancelled(outcome);
        } else if (outcome instanceof PromptOutcome.Succeeded) {
            complete();
        } else if (outcome instanceof PromptOutcome.Failed failed) {
            log(new LogEntry(
                    now(),
                    "ERROR",
                    "comfyui",
                    describeNode(failed.nodeId(), failed.nodeType())
                            + (failed.exceptionType() == null ? "" : failed.exceptionType() + ": ")
                            + failed.message(),
                    failed.nodeId()));
            fail(new JobFailure(
                    JobFailure.Codes.EXECUTION_ERROR,
                    "Node " + failed.nodeId() + " (" + failed.nodeType() + ") failed: " + failed.message(),
                    failed.nodeId(),
                    failed.nodeType(),
                    failed.exceptionType(),
                    false));
        } else if (outcome instanceof PromptOutcome.Interrupted interrupted) {
            endInterrupted(interrupted);
        }
    }

    private void complete() {
        Job job = claimed.job();
        JsonNode entry = history();
        boolean intermediate = job.outputConfig() != null
                && job.outputConfig().path("include_intermediate").asBoolean(false);
        List<JobOutput> outputs = context.uploader()
                .upload(
                        job.id(),
                        claimed.holder().attempt(),
                        OutputFiles.fromHistory(entry, intermediate),
                        context.comfyui());
        settling = true;
        if (context.store().complete(job, claimed.holder(), outputs, metrics(), now())) {
            finalMessage(() -> context.deletions().add(claimed.delivery()));
            log.info(
                    "Completed {} (attempt {}) with {} output(s)",
                    job.id(),
                    claimed.holder().attempt(),
                    outputs.size());
        }
    }

    /** What this run used, from the runner's clock, the GPU readings and the instance's price. */
    private JobMetrics metrics() {
        Instant now = now();
        Double gpuSeconds = executionStartedAt()
                .filter(start -> executionEndedAt != null)
                .map(start -> seconds(start, executionEndedAt))
                .orElse(null);
        GpuSampler.Window window = gpuWindow;
        return new JobMetrics(
                seconds(claimed.job().createdAt(), claimedAt),
                seconds(claimedAt, now),
                gpuSeconds,
                window == null ? null : window.peakMemoryBytes(),
                window == null ? null : window.averageUtilization(),
                context.price());
    }

    private void closeGpuWindow() {
        GpuSampler.Window window = gpuWindow;
        if (window != null) {
            window.close();
        }
    }

    /** At the clock's own resolution: a prompt of a few milliseconds still shows the time it took. */
    private static double seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toNanos()) / 1e9;
    }

    private JsonNode history() {
        for (int attempt = 0; attempt < HISTORY_ATTEMPTS; attempt++) {
            Optional<JsonNode> entry = context.comfyui().history(promptId);
            if (entry.isPresent()) {
                return entry.get();
            }
            // History is written just before the final 'executing' message; a read racing it may miss it.
            pause(Duration.ofMillis(50));
        }
        throw new ComfyUiUnavailableException("ComfyUI has no history for finished prompt " + promptId, null);
    }

    private void endInterrupted(PromptOutcome.Interrupted interrupted) {
        Job job = claimed.job();
        StopReason reason = stopReason;
        if (reason == null) {
            fail(new JobFailure(
                    JobFailure.Codes.INTERRUPTED,
                    "ComfyUI interrupted the run without being asked to",
                    interrupted.nodeId(),
                    interrupted.nodeType(),
                    null,
                    false));
        } else if (reason == StopReason.TIMEOUT) {
            fail(new JobFailure(
                    JobFailure.Codes.TIMEOUT,
                    "Ran longer than its timeout of "
                            + job.execution().timeout().toSeconds() + " s",
                    interrupted.nodeId(),
                    interrupted.nodeType(),
                    null,
                    false));
        } else if (reason == StopReason.DRAIN) {
            settling = true;
            if (context.store().preempt(job, claimed.holder(), now())) {
                log(LogEntry.info(
                        now(),
                        "preempted",
                        "Handed back to the queue: runner " + claimed.holder().workerId() + " is shutting down"));
                finalMessage(() -> context.queue().release(claimed.delivery()));
            }
        } else if (reason == StopReason.COMFYUI_DOWN) {
            retryLater(JobFailure.of(
                    JobFailure.Codes.COMFYUI_UNAVAILABLE, "ComfyUI crashed or restarted during the run", true));
        }
    }

    /** Marks the job cancelled once its prompt has stopped in ComfyUI, saying how it stopped. */
    private void cancelled(PromptOutcome outcome) {
        String how;
        if (!submitted) {
            how = "before its prompt reached ComfyUI";
        } else if (outcome instanceof PromptOutcome.Interrupted interrupted) {
            how = interrupted.nodeId() == null
                    ? "its prompt was stopped in ComfyUI"
                    : "ComfyUI stopped its prompt at " + nodeLabel(interrupted.nodeId(), interrupted.nodeType());
        } else {
            how = "ComfyUI had finished its prompt before the interrupt took effect";
        }
        settling = true;
        if (context.store().markCancelled(claimed.job(), claimed.holder(), now())) {
            log(LogEntry.info(now(), "cancelled", "Cancelled while running: " + how));
            finalMessage(() -> context.deletions().add(claimed.delivery()));
        }
    }

    /** {@code "node 2 (ImageInvert): "}, or nothing when ComfyUI named no node. */
    private String describeNode(String nodeId, String nodeType) {
        return nodeId == null ? "" : nodeLabel(nodeId, nodeType) + ": ";
    }

    /** {@code "node 2 (ImageInvert)"}, the type taken from the workflow when ComfyUI did not say. */
    private String nodeLabel(String nodeId, String nodeType) {
        String type = nodeType != null ? nodeType : classType(nodeId);
        return "node " + nodeId + (type == null ? "" : " (" + type + ")");
    }

    private String classType(String nodeId) {
        return nodeId == null
                ? null
                : claimed.job().workflow().classType(nodeId).orElse(null);
    }

    private void fail(JobFailure failure) {
        if (stopReason == StopReason.LEASE_LOST) {
            return;
        }
        settling = true;
        if (context.store().fail(claimed.job(), claimed.holder(), failure, now())) {
            log(new LogEntry(now(), LogEntry.ERROR, "failed", failure.message(), failure.nodeId()));
            finalMessage(() -> context.deletions().add(claimed.delivery()));
            log.info("Failed {}: {}", claimed.job().id(), failure.message());
        }
    }

    /** A retryable failure: the next attempt goes on the queue, or the job fails when none is left. */
    private void retryLater(JobFailure failure) {
        Job job = claimed.job();
        if (stopReason == StopReason.LEASE_LOST) {
            return;
        }
        if (!job.hasAttemptsLeft()) {
            fail(new JobFailure(
                    failure.code(),
                    failure.message() + " (no attempts left)",
                    failure.nodeId(),
                    failure.nodeType(),
                    failure.exceptionType(),
                    false));
            return;
        }
        settling = true;
        if (context.store().release(job, claimed.holder(), failure, now())) {
            int next = claimed.holder().attempt() + 1;
            log(new LogEntry(
                    now(), LogEntry.WARNING, "retrying", failure.message() + "; queued as attempt " + next, null));
            context.queue().send(job.lane(), new QueueMessage(job.id(), next, job.owner()));
            context.store().markEnqueued(job);
            finalMessage(() -> context.deletions().add(claimed.delivery()));
            log.warn("Released {} for attempt {}: {}", job.id(), next, failure.message());
        }
    }

    /**
     * Hands the message over for deletion, or releases it, once the job's final state is written (settling
     * is already set).
     */
    private void finalMessage(Runnable operation) {
        synchronized (messageLock) {
            operation.run();
        }
    }

    /** The tracker's report of a change: told to live clients now (throttled), stored on the next heartbeat. */
    private void progressed(PromptTracker.Snapshot snapshot) {
        latestProgress = snapshot;
        feed.progress(progressOf(snapshot, now()));
    }

    /**
     * The progress ComfyUI reported (with the latest preview) since the last write, once; empty when
     * neither changed.
     */
    private Optional<Progress> unwrittenProgress(Instant now) {
        PromptTracker.Snapshot snapshot = latestProgress;
        String previewKey = feed.latestPreviewKey();
        if (snapshot == null || snapshot == writtenProgress && Objects.equals(previewKey, writtenPreviewKey)) {
            return Optional.empty();
        }
        writtenProgress = snapshot;
        writtenPreviewKey = previewKey;
        return Optional.of(progressOf(snapshot, now).withPreview(previewKey));
    }

    private Progress progressOf(PromptTracker.Snapshot snapshot, Instant now) {
        String nodeType = snapshot.currentNode() == null
                ? null
                : claimed.job().workflow().classType(snapshot.currentNode()).orElse(null);
        Long eta = EtaEstimator.remaining(snapshot.observation(typicalRunTime), now)
                .map(EtaEstimator::seconds)
                .orElse(null);
        return new Progress(
                snapshot.percentage(),
                snapshot.currentNode(),
                nodeType,
                toInt(snapshot.step()),
                toInt(snapshot.totalSteps()),
                snapshot.doneNodes(),
                snapshot.totalNodes(),
                now,
                eta,
                null);
    }

    /** The workflow's history, for estimates; a failure to read it only costs the estimate its prior. */
    private Optional<Duration> typicalRunTime(Job job) {
        try {
            return context.store().meanRunTime(job);
        } catch (RuntimeException e) {
            log.debug("No run-time history for {}: {}", job.id(), e.toString());
            return Optional.empty();
        }
    }

    private void extendVisibility(Instant now) {
        Duration visibility = context.config().visibility();
        if (Duration.between(lastVisibilityExtension, now).compareTo(visibility.dividedBy(3)) < 0) {
            return;
        }
        lastVisibilityExtension = now;
        synchronized (messageLock) {
            if (settling) {
                return;
            }
            try {
                context.queue().extend(claimed.delivery(), visibility);
            } catch (RuntimeException e) {
                // The lease in DynamoDB is what counts; a message deleted as a duplicate cannot be extended.
                log.debug(
                        "Could not extend message visibility for {}: {}",
                        claimed.job().id(),
                        e.toString());
            }
        }
    }

    private void log(LogEntry entry) {
        try {
            context.store().appendLog(claimed.job(), entry);
        } catch (RuntimeException e) {
            log.warn("Could not append to the log of {}: {}", claimed.job().id(), e.toString());
        }
    }

    private Instant now() {
        return context.clock().instant();
    }

    private static Integer toInt(Long value) {
        return value == null ? null : value.intValue();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
