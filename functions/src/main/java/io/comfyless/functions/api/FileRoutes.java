package io.comfyless.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.file.FileUpload;
import io.comfyless.core.file.InputFile;
import io.comfyless.core.file.InputFiles;
import io.comfyless.core.tenant.Scope;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.net.URL;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Workflow input files (the README's "Models, files and analysis"): {@code POST /v1/files} hands out a
 * presigned PUT, {@code GET /v1/files/{id}/info} describes an uploaded file with a download link,
 * and {@code GET /v1/files/{id}} redirects (302) to the file itself. A workflow uses a file by its
 * {@code key} ({@code inputs/<tenant>/<file_id>/<name>}) in a loader input such as
 * {@code LoadImage.image}. Every lookup is within the caller's tenant, so another tenant's file is
 * a 404. Uploading feeds submissions and needs {@code workflows:write}; reading needs
 * {@code workflows:read}.
 */
public final class FileRoutes {

    private final InputFiles files;
    private final Access access;

    public FileRoutes(InputFiles files, Access access) {
        this.files = files;
        this.access = access;
    }

    public void register(Router router) {
        router.route("POST", "/v1/files", access.require(Scope.WORKFLOWS_WRITE, this::create))
                .route("GET", "/v1/files/{id}", access.require(Scope.WORKFLOWS_READ, this::download))
                .route("GET", "/v1/files/{id}/info", access.require(Scope.WORKFLOWS_READ, this::info));
    }

    ApiResponse create(Caller caller, ApiRequest request, PathParams params) {
        JsonNode body = Bodies.object(request);
        // Either name may carry the size; each one given must be valid on its own.
        boolean bytes = body.hasNonNull("size_bytes");
        boolean seed = body.hasNonNull("size");
        long size = bytes || !seed ? Bodies.integer(body, "size_bytes") : Bodies.integer(body, "size");
        if (bytes && seed) {
            InputFiles.checkSize(Bodies.integer(body, "size"), "size");
        }
        FileUpload upload = files.create(
                caller.tenantId(), Bodies.text(body, "filename"), Bodies.optionalText(body, "content_type"), size);
        return ApiResponse.json(201, UploadView.of(upload)).withHeader("Location", infoPath(upload.fileId()));
    }

    ApiResponse info(Caller caller, ApiRequest request, PathParams params) {
        InputFile file = find(caller, params.get("id"));
        return ApiResponse.ok(InfoView.of(file, files.downloadUrl(file), files.downloadExpiry()));
    }

    /** Seed 001 answers with the bytes; a redirect to S3 does the same for any client that follows it. */
    ApiResponse download(Caller caller, ApiRequest request, PathParams params) {
        InputFile file = find(caller, params.get("id"));
        URL url = files.downloadUrl(file);
        return ApiResponse.json(
                        302,
                        Map.of(
                                "file_id",
                                file.fileId(),
                                "download_url",
                                url.toString(),
                                "expires_at",
                                files.downloadExpiry().toString()))
                .withHeader("Location", url.toString());
    }

    private InputFile find(Caller caller, String fileId) {
        Optional<InputFile> file = files.find(caller.tenantId(), fileId);
        return file.orElseThrow(
                () -> new NotFoundException("File '" + fileId + "' not found (or its upload has not finished)"));
    }

    private static String infoPath(String fileId) {
        return "/v1/files/" + fileId + "/info";
    }

    /** The answer to {@code POST /v1/files}: where to PUT the bytes, and the key to use in workflows. */
    record UploadView(
            String fileId,
            String filename,
            String key,
            String contentType,
            long size,
            String uploadMethod,
            URL uploadUrl,
            Map<String, String> uploadHeaders,
            Instant expiresAt,
            String infoUrl) {

        static UploadView of(FileUpload upload) {
            return new UploadView(
                    upload.fileId(),
                    upload.filename(),
                    upload.key(),
                    upload.contentType(),
                    upload.sizeBytes(),
                    upload.method(),
                    upload.uploadUrl(),
                    upload.headers(),
                    upload.expiresAt(),
                    infoPath(upload.fileId()));
        }
    }

    /** Seed 001's file info, plus the key workflows use. */
    record InfoView(
            String fileId,
            String filename,
            String key,
            long size,
            String contentType,
            Instant createdAt,
            Instant expiresAt,
            String downloadUrl,
            Instant downloadExpiresAt) {

        static InfoView of(InputFile file, URL url, Instant urlExpiry) {
            return new InfoView(
                    file.fileId(),
                    file.filename(),
                    file.key(),
                    file.sizeBytes(),
                    file.contentType(),
                    file.createdAt(),
                    file.expiresAt(),
                    url.toString(),
                    urlExpiry);
        }
    }
}
