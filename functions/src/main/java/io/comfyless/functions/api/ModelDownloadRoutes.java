package io.comfyless.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.model.DownloadStatus;
import io.comfyless.core.model.ModelDownload;
import io.comfyless.core.model.ModelImports;
import io.comfyless.core.model.ModelPath;
import io.comfyless.core.tenant.Scope;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Model imports from URLs (seed 003's {@code {url, folder, filename}} download, seed 004's download
 * list with pause, resume and cancel). {@code POST /v1/models} records the request and answers 202:
 * a runner fetches the file into the store, so it waits while no runner is up. Reading needs
 * {@code workflows:read}; everything that changes the shared store is for {@link Operators}.
 */
public final class ModelDownloadRoutes {

    private final ModelImports imports;
    private final Access access;
    private final Operators operators;

    ModelDownloadRoutes(ModelImports imports, Access access, Operators operators) {
        this.imports = imports;
        this.access = access;
        this.operators = operators;
    }

    public void register(Router router) {
        router.route("POST", "/v1/models", access.authenticated(this::request))
                .route("GET", "/v1/models/downloads", access.require(Scope.WORKFLOWS_READ, this::list))
                .route("GET", "/v1/models/downloads/{id}", access.require(Scope.WORKFLOWS_READ, this::get))
                .route("POST", "/v1/models/downloads/{id}/pause", access.authenticated(this::pause))
                .route("POST", "/v1/models/downloads/{id}/resume", access.authenticated(this::resume))
                .route("DELETE", "/v1/models/downloads/{id}", access.authenticated(this::cancel));
    }

    ApiResponse request(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller);
        JsonNode body = Bodies.object(request);
        ModelPath path = ModelPath.of(Bodies.text(body, "folder"), Bodies.text(body, "filename"), "folder", "filename");
        ModelDownload download =
                imports.request(Bodies.text(body, "url"), path, Bodies.flag(body, "overwrite"), caller.tenantId());
        return ApiResponse.json(202, DownloadView.of(download)).withHeader("Location", statusPath(download.id()));
    }

    ApiResponse list(Caller caller, ApiRequest request, PathParams params) {
        List<DownloadView> all = imports.list(Queries.intParam(request, "limit", 50, 1, 500)).stream()
                .map(DownloadView::of)
                .toList();
        long active = all.stream()
                .filter(d -> d.status().equals(DownloadStatus.DOWNLOADING.wire()))
                .count();
        return ApiResponse.ok(Map.of("downloads", all, "active", active, "total", all.size()));
    }

    ApiResponse get(Caller caller, ApiRequest request, PathParams params) {
        return ApiResponse.ok(DownloadView.of(imports.get(params.get("id"))));
    }

    ApiResponse pause(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller);
        return ApiResponse.ok(DownloadView.of(imports.pause(params.get("id"))));
    }

    ApiResponse resume(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller);
        return ApiResponse.ok(DownloadView.of(imports.resume(params.get("id"))));
    }

    ApiResponse cancel(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller);
        return ApiResponse.ok(DownloadView.of(imports.cancel(params.get("id"))));
    }

    private static String statusPath(String id) {
        return "/v1/models/downloads/" + id;
    }

    /**
     * A download's status with its list fields: bytes done and expected, {@code progress} in percent,
     * the speed since the transfer started ({@code speed_bytes_per_second}, and in megabits per
     * second as {@code speed_mbps}) and the time left at that speed ({@code eta_seconds}).
     */
    record DownloadView(
            String downloadId,
            String status,
            String url,
            String path,
            String folder,
            String filename,
            Double progress,
            long downloadedBytes,
            Long totalBytes,
            Double speedBytesPerSecond,
            Double speedMbps,
            Long etaSeconds,
            String error,
            String worker,
            Instant createdAt,
            Instant startedAt,
            Instant updatedAt,
            String presetId,
            String installId,
            String statusUrl) {

        static DownloadView of(ModelDownload download) {
            return new DownloadView(
                    download.id(),
                    download.status().wire(),
                    download.url(),
                    download.path().relative(),
                    download.path().folder(),
                    download.path().name(),
                    download.progress(),
                    download.bytesDone(),
                    download.totalBytes(),
                    download.bytesPerSecond(),
                    download.bytesPerSecond() == null
                            ? null
                            : Math.round(download.bytesPerSecond() * 8 / 100_000.0) / 10.0,
                    download.etaSeconds(),
                    download.error(),
                    download.worker(),
                    download.createdAt(),
                    download.startedAt(),
                    download.updatedAt(),
                    download.presetId(),
                    download.installId(),
                    statusPath(download.id()));
        }
    }
}
