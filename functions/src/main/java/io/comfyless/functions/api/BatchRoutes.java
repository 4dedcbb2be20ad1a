package io.comfyless.functions.api;

import io.comfyless.core.batch.Batch;
import io.comfyless.core.batch.BatchLineError;
import io.comfyless.core.batch.BatchStore;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.tenant.Scope;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/batches/{id}}: a batch started from a manifest upload, with its jobs counted by
 * status, its bad lines, and where its results manifest and error report are.
 */
public final class BatchRoutes {

    private static final int ERRORS_SHOWN = 100;

    private final BatchStore batches;
    private final Access access;

    public BatchRoutes(BatchStore batches, Access access) {
        this.batches = batches;
        this.access = access;
    }

    public void register(Router router) {
        router.route("GET", "/v1/batches/{id}", access.require(Scope.WORKFLOWS_READ, this::get));
    }

    ApiResponse get(Caller caller, ApiRequest request, PathParams params) {
        String id = params.get("id");
        Batch batch = batches.find(id)
                .filter(b -> b.tenant().equals(caller.tenantId()))
                .orElseThrow(() -> new NotFoundException("Batch '" + id + "' not found"));
        Map<String, Long> counts = new LinkedHashMap<>();
        batches.countByStatus(id).forEach((status, count) -> counts.put(status.wire(), count));
        List<BatchLineError> errors = batch.rejected() > 0 ? batches.errors(id, ERRORS_SHOWN) : List.of();
        return ApiResponse.ok(new View(
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
                batch.errorsKey(),
                errors));
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
            String errorsKey,
            List<BatchLineError> errors) {}
}
