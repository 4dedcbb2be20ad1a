package io.comfyless.functions.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.error.PayloadTooLargeException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.file.InputFile;
import io.comfyless.core.file.InputFiles;
import io.comfyless.core.tenant.Scope;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.MultipartForm;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The unversioned file API: {@code POST /files/upload} takes the file in a
 * {@code multipart/form-data} body, {@code GET /files/{file_id}} answers with its bytes and
 * {@code GET /files/{file_id}/info} describes it. A Lambda answer and request are limited to a few
 * megabytes, so uploads above {@link #MAX_INLINE_BYTES} are a 413 pointing to the presigned upload
 * ({@code POST /v1/files}), and larger downloads are a redirect to a presigned link.
 */
public final class UnversionedFileRoutes {

    /** Fits Lambda's 6 MB payload limit once base64-encoded, with room for the event around it. */
    static final int MAX_INLINE_BYTES = 4 * 1024 * 1024;

    private final InputFiles files;
    private final Access access;

    public UnversionedFileRoutes(InputFiles files, Access access) {
        this.files = files;
        this.access = access;
    }

    public void register(Router router) {
        router.route("POST", "/files/upload", access.require(Scope.WORKFLOWS_WRITE, this::upload))
                .route("GET", "/files/{file_id}", access.require(Scope.WORKFLOWS_READ, this::download))
                .route("GET", "/files/{file_id}/info", access.require(Scope.WORKFLOWS_READ, this::info));
    }

    ApiResponse upload(Caller caller, ApiRequest request, PathParams params) {
        if (request.bodyBytes().length > MAX_INLINE_BYTES) {
            throw new PayloadTooLargeException(
                    "Uploads through POST /files/upload are limited to " + MAX_INLINE_BYTES
                            + " bytes; for larger files (up to " + InputFiles.MAX_BYTES
                            + " bytes) ask POST /v1/files for a presigned upload URL and PUT the file there",
                    List.of(ErrorDetail.field(
                            "PAYLOAD_TOO_LARGE", "file", "use POST /v1/files for files over " + MAX_INLINE_BYTES)));
        }
        MultipartForm form = MultipartForm.parse(request);
        MultipartForm.Part file = form.part("file")
                .filter(part -> part.filename().isPresent())
                .orElseThrow(() -> ValidationException.of(
                        "REQUIRED_FIELD", "file", "The form needs a 'file' field holding the file"));
        InputFile stored = files.store(caller.tenantId(), file.filename().get(), file.contentType(), file.bytes());
        return ApiResponse.ok(Uploaded.of(stored)).withHeader("Location", "/files/" + stored.fileId() + "/info");
    }

    ApiResponse download(Caller caller, ApiRequest request, PathParams params) {
        InputFile file = find(caller, params.get("file_id"));
        if (file.sizeBytes() > MAX_INLINE_BYTES) {
            URL url = files.downloadUrl(file);
            return new ApiResponse(302, Map.of("Location", url.toString()), "");
        }
        return ApiResponse.binary(200, file.contentType(), files.read(file))
                .withHeader("Content-Disposition", "attachment; filename=\"" + file.filename() + "\"");
    }

    ApiResponse info(Caller caller, ApiRequest request, PathParams params) {
        InputFile file = find(caller, params.get("file_id"));
        return ApiResponse.ok(Info.of(file, files.downloadUrl(file)));
    }

    private InputFile find(Caller caller, String fileId) {
        return files.find(caller.tenantId(), fileId).orElseThrow(() -> NotFoundException.of("File", fileId));
    }

    /** The answer to an upload: {@code upload_url} is null, the bytes came with the request. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Uploaded(String fileId, String filename, long size, String contentType, String uploadUrl, String key) {

        static Uploaded of(InputFile file) {
            return new Uploaded(file.fileId(), file.filename(), file.sizeBytes(), file.contentType(), null, file.key());
        }
    }

    record Info(
            String fileId,
            String filename,
            long size,
            String contentType,
            Instant createdAt,
            Instant expiresAt,
            String downloadUrl,
            String key) {

        static Info of(InputFile file, URL url) {
            return new Info(
                    file.fileId(),
                    file.filename(),
                    file.sizeBytes(),
                    file.contentType(),
                    file.createdAt(),
                    file.expiresAt(),
                    url.toString(),
                    file.key());
        }
    }
}
