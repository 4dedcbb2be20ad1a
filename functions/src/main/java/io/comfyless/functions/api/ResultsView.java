package io.comfyless.functions.api;

import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobOutput;
import io.comfyless.core.job.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code GET /v1/workflows/{id}/results}, in seed 002's shape. */
record ResultsView(
        String executionId,
        String id,
        String status,
        Instant completedAt,
        Double executionTime,
        Results results,
        Metrics executionMetrics,
        JobViews.ErrorView error) {

    record Results(List<Output> outputs, List<Output> intermediateOutputs, Metadata metadata) {}

    record Output(String nodeId, String outputType, FileInfo fileInfo, Storage storage, String base64) {}

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

    record Metadata(int totalOutputs, long totalSizeBytes, Long generationSeed, int attempt) {}

    record Metrics(Double totalTime, Double queueTime, Double processingTime) {}

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
                                .filter(o -> !"temp".equals(o.outputType()))
                                .toList(),
                        outputs.stream()
                                .filter(o -> "temp".equals(o.outputType()))
                                .toList(),
                        new Metadata(outputs.size(), totalSize, job.seed(), job.attempt())),
                metrics(job),
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

    private static Metrics metrics(Job job) {
        Double total = job.completedAt() == null ? null : seconds(job.createdAt(), job.completedAt());
        Double queue = job.startedAt() == null ? null : seconds(job.createdAt(), job.startedAt());
        return new Metrics(total, queue, JobViews.durationSeconds(job));
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}
