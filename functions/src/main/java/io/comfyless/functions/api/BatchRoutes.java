package io.comfyless.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.batch.Batch;
import io.comfyless.core.batch.BatchLineError;
import io.comfyless.core.batch.BatchStore;
import io.comfyless.core.batch.BatchUploads;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.storage.BlobStore;
import io.comfyless.core.tenant.Scope;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/batches} starts a batch from a manifest in the request body; {@code GET
 * /v1/batches/{id}} shows a batch (started either way, or by a manifest upload to the bucket) with
 * its jobs counted by status, its bad lines, and links to its results manifest and error report.
 */
public final class BatchRoutes {

    private static final int ERRORS_SHOWN = 100;
    private static final Duration LINK_TTL = Duration.ofHours(1);

    private final BatchStore batches;
    private final BatchUploads uploads;
    private final BlobStore blobs;
    private final Access access;

    public BatchRoutes(BatchStore batches, BatchUploads uploads, BlobStore blobs, Access access) {
        this.batches = batches;
        this.uploads = uploads;
        this.blobs = blobs;
        this.access = access;
    }

    public void register(Router router) {
        router.route("POST", "/v1/batches", access.require(Scope.WORKFLOWS_WRITE, this::start))
                .route("GET", "/v1/batches/{id}", access.require(Scope.WORKFLOWS_READ, this::get));
    }

    ApiResponse start(Caller caller, ApiRequest request, PathParams params) {
        JsonNode body = Bodies.object(request);
        Batch batch = uploads.start(
                caller.tenantId(),
                Bodies.optionalText(body, "name").orElse(null),
                Bodies.optionalText(body, "manifest").orElse(null));
        return ApiResponse.json(202, view(batch, Map.of(), List.of()))
                .withHeader("Location", "/v1/batches/" + batch.id());
    }

    ApiResponse get(Caller caller, ApiRequest request, PathParams params) {
        String id = params.get("id");
        Batch batch = batches.find(id)
                .filter(b -> b.tenant().equals(caller.tenantId()))
                .orElseThrow(() -> NotFoundException.of("Batch", id));
        Map<String, Long> counts = new LinkedHashMap<>();
        batches.countByStatus(id).forEach((status, count) -> counts.put(status.wire(), count));
        List<BatchLineError> errors = batch.rejected() > 0 ? batches.errors(id, ERRORS_SHOWN) : List.of();
        return ApiResponse.ok(view(batch, counts, errors));
    }

    private View view(Batch batch, Map<String, Long> counts, List<BatchLineError> errors) {
        return new View(
                batch.id(),
                batch.status(),
                Map.of("bucket", batch.bucket(), "key", batch.key()),
                batch.ingested() ? batch.lines() : null,
                batch.accepted(),
                batch.rejected(),
                counts,
                counts.entrySet().stream()
                        .filter(e ->
                                JobStatus.fromWire(e.getKey()).orElseThrow().isTerminal())
                        .mapToLong(Map.Entry::getValue)
                        .sum(),
                batch.createdAt().toString(),
                batch.completedAt() == null ? null : batch.completedAt().toString(),
                batch.resultsKey(),
                link(batch.resultsKey()),
                batch.errorsKey(),
                link(batch.errorsKey()),
                errors);
    }

    /** A short-lived download link to a report the batch wrote under its results prefix. */
    private String link(String key) {
        return key == null
                ? null
                : blobs.presignGet(key, LINK_TTL, Optional.of(key.substring(key.lastIndexOf('/') + 1)))
                        .toString();
    }

    /** The batch as the API shows it. */
    record View(
            String batchId,
            String status,
            Map<String, String> manifest,
            Long lines,
            long jobs,
            long rejectedLines,
            Map<String, Long> counts,
            long finished,
            String createdAt,
            String completedAt,
            String resultsKey,
            String resultsUrl,
            String errorsKey,
            String errorsUrl,
            List<BatchLineError> errors) {}
}
