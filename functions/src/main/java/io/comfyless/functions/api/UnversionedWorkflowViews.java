package io.comfyless.functions.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobOutput;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.LogEntry;
import io.comfyless.core.job.Progress;
import io.comfyless.core.job.Submission;
import io.comfyless.core.json.Json;
import io.comfyless.core.workflow.ModelReferences;
import io.comfyless.core.workflow.RequiredModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Jobs in the shapes of the unversioned {@code /workflows} API: fields the shapes show as
 * {@code null} are written as {@code null}, not left out.
 */
final class UnversionedWorkflowViews {

    private UnversionedWorkflowViews() {}

    /** The answer to {@code POST /workflows/execute} (200). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Accepted(
            String executionId,
            String status,
            Instant createdAt,
            long estimatedDuration,
            long queuePosition,
            Long seed,
            boolean duplicate) {

        static Accepted of(Submission submission) {
            Job job = submission.job();
            return new Accepted(
                    job.id(),
                    job.status().wire(),
                    job.createdAt(),
                    submission.estimatedDuration().toSeconds(),
                    submission.queuePosition(),
                    job.seed(),
                    !submission.created());
        }
    }

    /** One file of {@code outputs.images} (or {@code videos}, {@code audio}, {@code files}). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record OutputFile(String filename, String url, Integer width, Integer height, String contentType, long sizeBytes) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record LogLine(Instant timestamp, String level, String message, String nodeId) {

        static LogLine of(LogEntry entry) {
            return new LogLine(entry.timestamp(), entry.level(), entry.message(), entry.nodeId());
        }
    }

    /** {@code GET /workflows/{id}} and each item of {@code GET /workflows/}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Result(
            String executionId,
            String status,
            Instant createdAt,
            Instant startedAt,
            Instant completedAt,
            Double durationSeconds,
            Map<String, List<OutputFile>> outputs,
            String error,
            List<LogLine> logs,
            JsonNode metadata) {

        static Result of(Job job, Function<JobOutput, String> links) {
            return new Result(
                    job.id(),
                    job.status().wire(),
                    job.createdAt(),
                    job.startedAt(),
                    job.completedAt(),
                    JobViews.durationSeconds(job),
                    UnversionedWorkflowViews.outputs(job, links),
                    job.error() == null ? null : job.error().message(),
                    job.logs().stream().map(LogLine::of).toList(),
                    UnversionedWorkflowViews.metadata(job));
        }
    }

    /** Progress of {@code GET /workflows/{id}/status}, with the remaining time it estimates. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ProgressView(
            Integer currentStep, Integer totalSteps, double percentage, String currentNode, Long etaSeconds) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record StatusView(
            String executionId,
            String status,
            Instant createdAt,
            Instant startedAt,
            Long queuePosition,
            ProgressView progress,
            Instant estimatedCompletion) {

        /**
         * The remaining time of a running job: its pace so far when it has made progress, else the mean
         * run time of completed jobs less what it has already run.
         */
        static StatusView of(Job job, Long queuePosition, Duration meanRunTime, Instant now) {
            Progress p = job.progress();
            double percentage = job.status() == JobStatus.COMPLETED ? 100.0 : p == null ? 0.0 : p.percentage();
            Long eta = null;
            if (job.status() == JobStatus.RUNNING && job.startedAt() != null) {
                long elapsed =
                        Math.max(0, Duration.between(job.startedAt(), now).toMillis());
                long remaining = percentage > 0
                        ? Math.round(elapsed * (100.0 - percentage) / percentage)
                        : Math.max(0, meanRunTime.toMillis() - elapsed);
                eta = (remaining + 999) / 1000;
            } else if (job.status().isTerminal()) {
                eta = 0L;
            }
            return new StatusView(
                    job.id(),
                    job.status().wire(),
                    job.createdAt(),
                    job.startedAt(),
                    queuePosition,
                    new ProgressView(
                            p == null ? null : p.currentStep(),
                            p == null ? null : p.totalSteps(),
                            percentage,
                            p == null ? null : p.currentNode(),
                            eta),
                    eta == null || job.status().isTerminal() ? job.completedAt() : now.plusSeconds(eta));
        }
    }

    /** {@code GET /workflows/{id}/logs}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Logs(String executionId, List<LogLine> logs, int totalCount, boolean filtered) {}

    /** {@code POST /workflows/{id}/retry}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Retried(String executionId, String status, long queuePosition, String retriedFrom) {

        static Retried of(Submission submission) {
            Job job = submission.job();
            return new Retried(job.id(), job.status().wire(), submission.queuePosition(), job.retriedFrom());
        }
    }

    /** {@code POST /workflows/{id}/cancel}: the message, and where the job stands. */
    record Cancelled(String message, String executionId, String status) {

        static Cancelled of(Job job) {
            return new Cancelled(
                    job.status() == JobStatus.CANCELLED
                            ? "Workflow cancelled successfully"
                            : "Cancellation requested; the running workflow is being stopped",
                    job.id(),
                    job.status().wire());
        }
    }

    /** Outputs by kind: {@code images} always, the others when the job made such files. */
    static Map<String, List<OutputFile>> outputs(Job job, Function<JobOutput, String> links) {
        Map<String, List<OutputFile>> byKind = new LinkedHashMap<>();
        byKind.put("images", new ArrayList<>());
        if (job.status() != JobStatus.COMPLETED) {
            return byKind;
        }
        for (JobOutput output : job.outputs()) {
            byKind.computeIfAbsent(kind(output.contentType()), k -> new ArrayList<>())
                    .add(new OutputFile(
                            output.filename(),
                            links.apply(output),
                            output.width(),
                            output.height(),
                            output.contentType(),
                            output.sizeBytes()));
        }
        return byKind;
    }

    private static String kind(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("image/")) {
            return "images";
        }
        if (type.startsWith("video/")) {
            return "videos";
        }
        return type.startsWith("audio/") ? "audio" : "files";
    }

    /** The submitted metadata, plus {@code model_used}: the first model the workflow loads. */
    static JsonNode metadata(Job job) {
        ObjectNode metadata = job.metadata() != null && job.metadata().isObject()
                ? job.metadata().deepCopy()
                : Json.object();
        if (!metadata.has("model_used")) {
            List<RequiredModel> models = ModelReferences.of(job.workflow());
            if (!models.isEmpty()) {
                metadata.put("model_used", models.get(0).name());
            }
        }
        return metadata;
    }
}
