package io.comfyless.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.model.ModelChanges;
import io.comfyless.core.model.ModelEntry;
import io.comfyless.core.model.ModelPath;
import io.comfyless.core.model.ModelUpload;
import io.comfyless.core.model.ModelUploads;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Puts model files into the store without the bytes passing through the API:
 * {@code POST /v1/models/uploads} answers with a presigned PUT (or, above 5 GiB, presigned
 * multipart parts), {@code POST /v1/models/uploads/complete} joins the parts, and
 * {@code POST /v1/models/uploads/abort} gives an upload up. Operators only, like every change to
 * the shared store.
 */
public final class ModelUploadRoutes {

    private final ModelUploads uploads;
    private final ModelChanges changes;
    private final Access access;
    private final Operators operators;

    ModelUploadRoutes(ModelUploads uploads, ModelChanges changes, Access access, Operators operators) {
        this.uploads = uploads;
        this.changes = changes;
        this.access = access;
        this.operators = operators;
    }

    public void register(Router router) {
        router.route("POST", "/v1/models/uploads", access.authenticated(this::start))
                .route("POST", "/v1/models/uploads/complete", access.authenticated(this::complete))
                .route("POST", "/v1/models/uploads/abort", access.authenticated(this::abort));
    }

    ApiResponse start(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller);
        JsonNode body = Bodies.object(request);
        ModelPath path = path(body);
        long size = Bodies.integer(body, "size_bytes");
        ModelUpload upload =
                uploads.start(path, size, Bodies.optionalText(body, "sha256"), Bodies.flag(body, "overwrite"));
        return ApiResponse.json(201, UploadView.of(upload));
    }

    ApiResponse complete(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller);
        JsonNode body = Bodies.object(request);
        JsonNode parts = body.get("parts");
        if (parts == null || !parts.isArray()) {
            throw ValidationException.of(
                    ErrorCodes.REQUIRED_FIELD, "parts", "parts must list {part_number, etag} for every part");
        }
        List<ModelUpload.CompletedPart> completed = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            JsonNode part = parts.get(i);
            JsonNode number = part.path("part_number");
            // S3 numbers parts from 1 to 10,000 and answers an ETag for each.
            if (!number.isIntegralNumber()
                    || number.asLong() < 1
                    || number.asLong() > 10_000
                    || !part.path("etag").isTextual()
                    || part.path("etag").asText().isEmpty()) {
                throw ValidationException.of(
                        ErrorCodes.INVALID_VALUE,
                        "parts[" + i + "]",
                        "each part needs part_number (1 to 10000) and the etag S3 answered for it");
            }
            completed.add(new ModelUpload.CompletedPart(
                    part.get("part_number").asInt(), part.get("etag").asText()));
        }
        ModelEntry stored = uploads.complete(path(body), Bodies.text(body, "upload_id"), completed);
        changes.added(stored.path(), stored.sizeBytes());
        return ApiResponse.ok(ModelViews.Model.of(stored));
    }

    ApiResponse abort(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller);
        JsonNode body = Bodies.object(request);
        String uploadId = Bodies.text(body, "upload_id");
        uploads.abort(path(body), uploadId);
        return ApiResponse.ok(Map.of("upload_id", uploadId, "status", "aborted"));
    }

    /** {@code folder} and {@code filename}, as seed 003's download request names them. */
    private static ModelPath path(JsonNode body) {
        return ModelPath.of(Bodies.text(body, "folder"), Bodies.text(body, "filename"), "folder", "filename");
    }

    /** The plan on the wire; for a single PUT, {@code upload_url} and {@code upload_headers}, else {@code parts}. */
    record UploadView(
            String path,
            String folder,
            String filename,
            boolean multipart,
            String uploadMethod,
            URL uploadUrl,
            Map<String, String> uploadHeaders,
            String uploadId,
            Long partSize,
            List<ModelUpload.Part> parts,
            String completeUrl,
            Instant expiresAt,
            String modelUrl) {

        static UploadView of(ModelUpload upload) {
            boolean multipart = upload.multipart();
            return new UploadView(
                    upload.path().relative(),
                    upload.path().folder(),
                    upload.path().name(),
                    multipart,
                    upload.method(),
                    upload.url(),
                    multipart ? null : upload.headers(),
                    upload.uploadId(),
                    multipart ? upload.partSize() : null,
                    multipart ? upload.parts() : null,
                    multipart ? "/v1/models/uploads/complete" : null,
                    upload.expiresAt(),
                    "/v1/models/" + upload.path().folder() + "/"
                            + ModelViews.encode(upload.path().name()));
        }
    }
}
