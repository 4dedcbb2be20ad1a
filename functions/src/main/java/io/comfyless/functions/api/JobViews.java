package io.comfyless.functions.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.catalog.ValidationLevel;
import io.comfyless.core.cost.CostBreakdown;
import io.comfyless.core.cost.CostRates;
import io.comfyless.core.cost.MemorySize;
import io.comfyless.core.job.EtaEstimator;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobFailure;
import io.comfyless.core.job.JobMetrics;
import io.comfyless.core.job.JobOutput;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.LogEntry;
import io.comfyless.core.job.Progress;
import io.comfyless.core.job.Submission;
import io.comfyless.core.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The JSON shapes of jobs on the wire. Every view carries both {@code execution_id} (seeds 001/002)
 * and {@code id} (seed 000's clients read {@code task['id']}), and the status vocabulary of the
 * seeds: pending, running, completed, failed, cancelled.
 */
final class JobViews {

    private JobViews() {}

    static String statusUrl(String id) {
        return "/v1/workflows/" + id + "/status";
    }

    static String cancelUrl(String id) {
        return "/v1/workflows/" + id + "/cancel";
    }

    static String resultsUrl(String id) {
        return "/v1/workflows/" + id + "/results";
    }

    /** 202 body of {@code POST /v1/workflows/execute} (seed 002). */
    record Accepted(
            String status,
            String executionId,
            String id,
            String jobStatus,
            long queuePosition,
            long estimatedDuration,
            Instant estimatedStartTime,
            Instant estimatedCompletionTime,
            String webhookUrl,
            String statusUrl,
            String cancelUrl,
            String resultsUrl,
            Instant createdAt,
            Long seed,
            boolean duplicate,
            String retriedFrom,
            String validation) {

        /** A retry: its workflow was checked when first submitted. */
        static Accepted of(Submission submission) {
            return of(submission, null);
        }

        /** @param validation how far the workflow was checked: {@code structural} or {@code catalog} */
        static Accepted of(Submission submission, ValidationLevel validation) {
            Job job = submission.job();
            Instant start = job.createdAt();
            return new Accepted(
                    "accepted",
                    job.id(),
                    job.id(),
                    job.status().wire(),
                    submission.queuePosition(),
                    submission.estimatedDuration().toSeconds(),
                    start,
                    start.plus(submission.estimatedDuration()),
                    job.notification() == null ? null : job.notification().webhookUrl(),
                    JobViews.statusUrl(job.id()),
                    JobViews.cancelUrl(job.id()),
                    JobViews.resultsUrl(job.id()),
                    job.createdAt(),
                    job.seed(),
                    !submission.created(),
                    job.retriedFrom(),
                    validation == null ? null : validation.wire());
        }
    }

    /** Progress as seed 001 shows it: no preview key; {@code eta_seconds} only where the status view estimates it. */
    static Progress progress(Job job) {
        return progress(job, null);
    }

    static Progress progress(Job job, Long etaSeconds) {
        if (job.status() == JobStatus.COMPLETED) {
            return Progress.finished(job.workflow().size(), job.completedAt());
        }
        Progress p = job.progress();
        if (p == null) {
            return Progress.notStarted(job.workflow().size()).withEta(etaSeconds);
        }
        return p.withEta(etaSeconds).withPreview(null);
    }

    /** One output file, with a download link when one was signed. */
    record OutputView(
            String nodeId,
            String filename,
            String outputType,
            String contentType,
            long sizeBytes,
            Integer width,
            Integer height,
            String sha256,
            String key,
            String url,
            Instant expiresAt) {

        static OutputView of(JobOutput output, String url, Instant expiresAt) {
            return new OutputView(
                    output.nodeId(),
                    output.filename(),
                    output.outputType(),
                    output.contentType(),
                    output.sizeBytes(),
                    output.width(),
                    output.height(),
                    output.sha256(),
                    output.key(),
                    url,
                    expiresAt);
        }
    }

    /** Why an earlier attempt ended: the job went on to its next attempt. */
    record AttemptView(int attempt, ErrorView error) {

        static List<AttemptView> of(Job job) {
            return job.attemptFailures().stream()
                    .map(failure -> new AttemptView(failure.attempt(), ErrorView.of(failure.error())))
                    .toList();
        }
    }

    record ErrorView(
            String code, String message, String nodeId, String nodeType, String exceptionType, boolean retryable) {

        static ErrorView of(JobFailure failure) {
            return failure == null
                    ? null
                    : new ErrorView(
                            failure.code(),
                            failure.message(),
                            failure.nodeId(),
                            failure.nodeType(),
                            failure.exceptionType(),
                            failure.retryable());
        }
    }

    /** The whole job: {@code GET /v1/workflows/{id}} and {@code GET /api/v1/tasks/{id}}. */
    record Execution(
            String executionId,
            String id,
            String status,
            String workflowId,
            int priority,
            String lane,
            Instant createdAt,
            Instant updatedAt,
            Instant startedAt,
            Instant completedAt,
            Double durationSeconds,
            int attempt,
            int maxAttempts,
            boolean cancelRequested,
            Long queuePosition,
            Progress progress,
            List<OutputView> outputs,
            ErrorView error,
            List<AttemptView> failedAttempts,
            JsonNode metadata,
            Long seed,
            String batchId,
            String retriedFrom,
            String statusUrl,
            String resultsUrl,
            JsonNode workflow,
            MetricsView executionMetrics,
            CostBreakdown cost) {

        /** As listed: without the workflow graph, which can be large. */
        static Execution of(Job job, Long queuePosition) {
            return of(job, queuePosition, null);
        }

        /** One job read on its own: with the workflow as it runs (input overrides applied). */
        static Execution withWorkflow(Job job, Long queuePosition) {
            return of(job, queuePosition, job.workflow().toJson());
        }

        private static Execution of(Job job, Long queuePosition, JsonNode workflow) {
            return new Execution(
                    job.id(),
                    job.id(),
                    job.status().wire(),
                    job.workflowId(),
                    job.priority().value(),
                    job.lane().name().toLowerCase(),
                    job.createdAt(),
                    job.updatedAt(),
                    job.startedAt(),
                    job.completedAt(),
                    JobViews.durationSeconds(job),
                    job.attempt(),
                    job.execution().maxAttempts(),
                    job.cancelRequested(),
                    queuePosition,
                    JobViews.progress(job),
                    job.outputs().stream()
                            .map(o -> OutputView.of(o, null, null))
                            .toList(),
                    ErrorView.of(job.error()),
                    AttemptView.of(job),
                    job.metadata(),
                    job.seed(),
                    job.batchId(),
                    job.retriedFrom(),
                    JobViews.statusUrl(job.id()),
                    JobViews.resultsUrl(job.id()),
                    workflow,
                    job.status() == JobStatus.COMPLETED ? MetricsView.of(job) : null,
                    job.status() == JobStatus.COMPLETED ? MetricsView.of(job).costBreakdown() : null);
        }
    }

    /** The latest sampler preview of a running job: a short-lived link to a small JPEG or WebP. */
    record PreviewView(String url, Instant expiresAt) {}

    /**
     * {@code GET /v1/workflows/{id}/status}, in the execution API's shape: {@code progress} is a
     * fraction from 0 to 1 ({@code percentage} the same in percent), {@code current_node} the class
     * type of the node running ({@code current_node_id} its id), {@code resource_allocation} the
     * runner holding the job and its GPU memory, {@code execution_log} the job's log, {@code preview}
     * the latest sampler preview. While the job runs, {@code estimated_remaining} (seconds) and
     * {@code estimated_completion} come from {@link EtaEstimator}: never a completion in the past,
     * null when nothing supports an estimate yet. Unknown figures are written as null.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Status(
            String executionId,
            String id,
            String status,
            double progress,
            double percentage,
            String currentNode,
            String currentNodeId,
            Integer currentStep,
            Integer totalSteps,
            int completedNodes,
            int totalNodes,
            Instant createdAt,
            Instant submittedAt,
            Instant startedAt,
            Instant completedAt,
            Long queuePosition,
            int attempt,
            boolean cancelRequested,
            Long estimatedRemaining,
            Instant estimatedCompletion,
            ResourceAllocation resourceAllocation,
            List<LogEvent> executionLog,
            StatusMetrics metrics,
            PreviewView preview,
            ErrorView error) {

        static Status of(
                Job job,
                Long queuePosition,
                Instant now,
                Optional<Duration> typical,
                Optional<Worker> runner,
                Optional<PreviewView> preview) {
            Long remaining = null;
            Instant completion = null;
            if (job.status() == JobStatus.RUNNING && job.startedAt() != null) {
                Optional<Duration> left = EtaEstimator.atRequest(job.progress(), job.startedAt(), now, typical);
                if (left.isPresent()) {
                    remaining = EtaEstimator.seconds(left.get());
                    completion = now.plus(left.get());
                }
            }
            Progress progress = JobViews.progress(job, remaining);
            return new Status(
                    job.id(),
                    job.id(),
                    job.status().wire(),
                    Math.round(progress.percentage() * 10) / 1000.0,
                    progress.percentage(),
                    progress.currentNodeType(),
                    progress.currentNode(),
                    progress.currentStep(),
                    progress.totalSteps(),
                    progress.completedNodes(),
                    progress.totalNodes(),
                    job.createdAt(),
                    job.createdAt(),
                    job.startedAt(),
                    job.completedAt(),
                    queuePosition,
                    job.attempt(),
                    job.cancelRequested(),
                    remaining,
                    completion,
                    job.status() == JobStatus.RUNNING
                            ? runner.map(ResourceAllocation::of).orElse(null)
                            : null,
                    job.logs().stream().map(LogEvent::of).toList(),
                    new StatusMetrics(
                            progress.totalNodes(),
                            progress.completedNodes(),
                            job.status() == JobStatus.RUNNING
                                    ? runner.map(w -> w.host().gpuPercent())
                                            .map(percent -> percent / 100.0)
                                            .orElse(null)
                                    : null),
                    preview.orElse(null),
                    ErrorView.of(job.error()));
        }
    }

    /** The runner a running job is on: its id, and its GPU memory as ComfyUI last reported it. */
    record ResourceAllocation(
            String gpuId, String gpuName, String gpuMemoryUsed, String gpuMemoryTotal, String containerId) {

        static ResourceAllocation of(Worker worker) {
            Long used = worker.gpuMemoryTotal() == null || worker.gpuMemoryFree() == null
                    ? null
                    : worker.gpuMemoryTotal() - worker.gpuMemoryFree();
            return new ResourceAllocation(
                    worker.id(),
                    worker.gpuName(),
                    MemorySize.gigabytes(used),
                    MemorySize.gigabytes(worker.gpuMemoryTotal()),
                    worker.id());
        }
    }

    /** One line of {@code execution_log}. */
    record LogEvent(Instant timestamp, String event, String level, String nodeId, String message) {

        static LogEvent of(LogEntry entry) {
            return new LogEvent(entry.timestamp(), entry.event(), entry.level(), entry.nodeId(), entry.message());
        }
    }

    /** Nodes done, and the GPU's utilisation (0 to 1) on the runner while the job runs, when measured. */
    record StatusMetrics(int totalNodes, int completedNodes, Double gpuUtilization) {}

    /** {@code GET /v1/workflows/{id}/logs}. */
    record Logs(String executionId, List<LogEntry> logs, int totalCount, boolean filtered) {}

    /** The answer to a cancel request. */
    record Cancelled(
            String executionId,
            String id,
            String status,
            boolean cancelRequested,
            Instant cancelledAt,
            String reason,
            String message,
            boolean refundEligible,
            PartialResults partialResults) {

        static Cancelled of(Job job) {
            boolean done = job.status() == JobStatus.CANCELLED;
            int completed = job.progress() == null ? 0 : job.progress().completedNodes();
            return new Cancelled(
                    job.id(),
                    job.id(),
                    job.status().wire(),
                    job.cancelRequested(),
                    done ? job.completedAt() : null,
                    "user_requested",
                    done ? "Workflow cancelled successfully" : "Cancellation requested; the run is being stopped",
                    // Nothing ran on a GPU before the job left the queue, so nothing is billed.
                    job.startedAt() == null,
                    new PartialResults(false, completed, job.workflow().size()));
        }
    }

    record PartialResults(boolean available, int completedNodes, int totalNodes) {}

    /**
     * What a run used and cost (the execution results' {@code execution_metrics}): times in seconds,
     * {@code memory_peak} as {@code "14.8GB"}, utilisation from 0 to 1, and {@code cost_breakdown} in
     * dollars with the price's source. Figures the runner could not measure are null.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record MetricsView(
            Double totalTime,
            Double queueTime,
            Double processingTime,
            Double gpuTime,
            String memoryPeak,
            Long memoryPeakBytes,
            Double gpuUtilizationAvg,
            CostBreakdown costBreakdown) {

        static MetricsView of(Job job) {
            JobMetrics measured = job.metrics();
            Double total = job.completedAt() == null ? null : seconds(job.createdAt(), job.completedAt());
            Double queue = measured.queueSeconds() != null
                    ? measured.queueSeconds()
                    : job.startedAt() == null ? null : seconds(job.createdAt(), job.startedAt());
            Double processing =
                    measured.processingSeconds() != null ? measured.processingSeconds() : durationSeconds(job);
            long outputBytes =
                    job.outputs().stream().mapToLong(JobOutput::sizeBytes).sum();
            return new MetricsView(
                    total,
                    queue,
                    processing,
                    measured.gpuSeconds(),
                    MemorySize.gigabytes(measured.memoryPeakBytes()),
                    measured.memoryPeakBytes(),
                    measured.gpuUtilization(),
                    CostBreakdown.of(measured, outputBytes, CostRates.AWS_LIST).orElse(null));
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    static Double durationSeconds(Job job) {
        if (job.startedAt() == null || job.completedAt() == null) {
            return null;
        }
        return Duration.between(job.startedAt(), job.completedAt()).toMillis() / 1000.0;
    }
}
