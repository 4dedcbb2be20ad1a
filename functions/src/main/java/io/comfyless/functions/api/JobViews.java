package io.comfyless.functions.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.job.EtaEstimator;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobFailure;
import io.comfyless.core.job.JobOutput;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.LogEntry;
import io.comfyless.core.job.Progress;
import io.comfyless.core.job.Submission;
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
            String retriedFrom) {

        static Accepted of(Submission submission) {
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
                    job.retriedFrom());
        }
    }

    /** Progress as seed 001 shows it; {@code eta_seconds} only where the status view estimates it. */
    record ProgressView(
            double percentage,
            String currentNode,
            String currentNodeType,
            Integer currentStep,
            Integer totalSteps,
            int completedNodes,
            int totalNodes,
            Instant updatedAt,
            Long etaSeconds) {

        static ProgressView of(Job job) {
            return of(job, null);
        }

        static ProgressView of(Job job, Long etaSeconds) {
            if (job.status() == JobStatus.COMPLETED) {
                int total = job.workflow().size();
                return new ProgressView(100.0, null, null, null, null, total, total, job.completedAt(), null);
            }
            Progress p = job.progress();
            if (p == null) {
                return new ProgressView(
                        0.0, null, null, null, null, 0, job.workflow().size(), null, etaSeconds);
            }
            return new ProgressView(
                    p.percentage(),
                    p.currentNode(),
                    p.currentNodeType(),
                    p.currentStep(),
                    p.totalSteps(),
                    p.completedNodes(),
                    p.totalNodes(),
                    p.updatedAt(),
                    etaSeconds);
        }
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
            ProgressView progress,
            List<OutputView> outputs,
            ErrorView error,
            JsonNode metadata,
            Long seed,
            String batchId,
            String retriedFrom,
            String statusUrl,
            String resultsUrl,
            JsonNode workflow) {

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
                    ProgressView.of(job),
                    job.outputs().stream()
                            .map(o -> OutputView.of(o, null, null))
                            .toList(),
                    ErrorView.of(job.error()),
                    job.metadata(),
                    job.seed(),
                    job.batchId(),
                    job.retriedFrom(),
                    JobViews.statusUrl(job.id()),
                    JobViews.resultsUrl(job.id()),
                    workflow);
        }
    }

    /** The latest sampler preview of a running job: a short-lived link to a small JPEG or WebP. */
    record PreviewView(String url, Instant expiresAt) {}

    /**
     * {@code GET /v1/workflows/{id}/status}. While the job runs, {@code estimated_remaining} (seconds)
     * and {@code estimated_completion} come from {@link EtaEstimator}: never a completion in the past,
     * null when nothing supports an estimate yet. {@code progress.eta_seconds} is the same figure.
     */
    record Status(
            String executionId,
            String id,
            String status,
            Instant createdAt,
            Instant submittedAt,
            Instant startedAt,
            Instant completedAt,
            Long queuePosition,
            ProgressView progress,
            String currentNode,
            int attempt,
            boolean cancelRequested,
            @JsonInclude(JsonInclude.Include.ALWAYS) Long estimatedRemaining,
            @JsonInclude(JsonInclude.Include.ALWAYS) Instant estimatedCompletion,
            PreviewView preview,
            ErrorView error) {

        static Status of(
                Job job, Long queuePosition, Instant now, Optional<Duration> typical, Optional<PreviewView> preview) {
            Long remaining = null;
            Instant completion = null;
            if (job.status() == JobStatus.RUNNING && job.startedAt() != null) {
                Optional<Duration> left = EtaEstimator.atRequest(job.progress(), job.startedAt(), now, typical);
                if (left.isPresent()) {
                    remaining = EtaEstimator.seconds(left.get());
                    completion = now.plus(left.get());
                }
            }
            ProgressView progress = ProgressView.of(job, remaining);
            return new Status(
                    job.id(),
                    job.id(),
                    job.status().wire(),
                    job.createdAt(),
                    job.createdAt(),
                    job.startedAt(),
                    job.completedAt(),
                    queuePosition,
                    progress,
                    progress.currentNode(),
                    job.attempt(),
                    job.cancelRequested(),
                    remaining,
                    completion,
                    preview.orElse(null),
                    ErrorView.of(job.error()));
        }
    }

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
                    new PartialResults(false, completed, job.workflow().size()));
        }
    }

    record PartialResults(boolean available, int completedNodes, int totalNodes) {}

    static Double durationSeconds(Job job) {
        if (job.startedAt() == null || job.completedAt() == null) {
            return null;
        }
        return Duration.between(job.startedAt(), job.completedAt()).toMillis() / 1000.0;
    }
}
