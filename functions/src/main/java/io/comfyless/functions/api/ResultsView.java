package io.comfyless.functions.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobOutput;
import io.comfyless.core.job.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** {@code GET /v1/workflows/{id}/results}, in seed 002's shape. */
record ResultsView(
        String executionId,
        String id,
        String status,
        Instant completedAt,
        Double executionTime,
        Results results,
        JobViews.MetricsView executionMetrics,
        JobViews.ErrorView error) {

    record Results(List<Output> outputs, List<Output> intermediateOutputs, Metadata metadata) {}

    /**
     * One output: {@code output_type} is the media kind ({@code IMAGE}, {@code VIDEO}, {@code AUDIO},
     * {@code FILE}); {@code folder_type} is ComfyUI's ({@code output}, or {@code temp} for previews).
     */
    record Output(
            String nodeId, String outputType, String folderType, FileInfo fileInfo, Storage storage, String base64) {}

    record FileInfo(
            String filename,
            long sizeBytes,
            String dimensions,
            Integer width,
            Integer height,
            String format,
            String contentType,
            String sha256) {}

    record Storage(String provider, String bucket, String key, String url, Instant expiresAt) {}

    /** {@code generation_seed} and {@code model_used} are null when the workflow has no seed or loads no model. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Metadata(int totalOutputs, long totalSizeBytes, Long generationSeed, String modelUsed, int attempt) {}

    /** How one output is delivered: a signed link, inline bytes, or neither. */
    interface Delivery {
        Storage storage(JobOutput output);

        String base64(JobOutput output);
    }

    static ResultsView of(Job job, Delivery delivery) {
        List<Output> outputs = job.status() == JobStatus.COMPLETED
                ? job.outputs().stream().map(o -> output(o, delivery)).toList()
                : List.of();
        long totalSize =
                outputs.stream().mapToLong(o -> o.fileInfo().sizeBytes()).sum();
        return new ResultsView(
                job.id(),
                job.id(),
                job.status().wire(),
                job.completedAt(),
                JobViews.durationSeconds(job),
                new Results(
                        outputs.stream()
                                .filter(o -> !"temp".equals(o.folderType()))
                                .toList(),
                        outputs.stream()
                                .filter(o -> "temp".equals(o.folderType()))
                                .toList(),
                        new Metadata(
                                outputs.size(),
                                totalSize,
                                job.seed(),
                                UnversionedWorkflowViews.metadata(job)
                                        .path("model_used")
                                        .asText(null),
                                job.attempt())),
                JobViews.MetricsView.of(job),
                JobViews.ErrorView.of(job.error()));
    }

    private static Output output(JobOutput output, Delivery delivery) {
        String format = output.filename().contains(".")
                ? output.filename()
                        .substring(output.filename().lastIndexOf('.') + 1)
                        .toUpperCase()
                : null;
        String dimensions = output.width() == null ? null : output.width() + "x" + output.height();
        return new Output(
                output.nodeId(),
                mediaKind(output.contentType()),
                output.outputType(),
                new FileInfo(
                        output.filename(),
                        output.sizeBytes(),
                        dimensions,
                        output.width(),
                        output.height(),
                        format,
                        output.contentType(),
                        output.sha256()),
                delivery.storage(output),
                delivery.base64(output));
    }

    private static String mediaKind(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("image/")) {
            return "IMAGE";
        }
        if (type.startsWith("video/")) {
            return "VIDEO";
        }
        return type.startsWith("audio/") ? "AUDIO" : "FILE";
    }
}
