package io.comfyless.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.model.ModelChanges;
import io.comfyless.core.model.ModelEntry;
import io.comfyless.core.model.ModelFolders;
import io.comfyless.core.model.ModelPath;
import io.comfyless.core.model.ModelStore;
import io.comfyless.core.tenant.Scope;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The model store (seeds 001, 003, 004): {@code GET /v1/models} lists {@code models/<folder>/<file>}
 * with filters and paging, {@code GET /v1/models/types} counts per folder,
 * {@code GET /v1/models/{folder}/{name}} shows one model, and {@code DELETE} removes one or many.
 * Reading needs {@code workflows:read}; deleting changes what every tenant's jobs load, so it is
 * for the stack's {@link Operators} only.
 */
public final class ModelRoutes {

    private final ModelStore models;
    private final ModelChanges changes;
    private final Access access;
    private final Operators operators;

    ModelRoutes(ModelStore models, ModelChanges changes, Access access, Operators operators) {
        this.models = models;
        this.changes = changes;
        this.access = access;
        this.operators = operators;
    }

    public void register(Router router) {
        router.route("GET", "/v1/models", access.require(Scope.WORKFLOWS_READ, this::list))
                .route("GET", "/v1/models/types", access.require(Scope.WORKFLOWS_READ, this::types))
                .route("GET", "/v1/models/{folder}/{name}", access.require(Scope.WORKFLOWS_READ, this::get))
                .route("DELETE", "/v1/models/{folder}/{name}", access.authenticated(this::delete))
                .route("DELETE", "/v1/models", access.authenticated(this::deleteMany));
    }

    ApiResponse list(Caller caller, ApiRequest request, PathParams params) {
        // Four names for one filter (the documents this API serves each use their own); every one
        // sent is checked, and the first in this order wins.
        Optional<String> folder = Stream.of("type", "category", "folder", "model_type")
                .flatMap(name -> request.query(name).map(value -> ModelFolders.parse(value, name)).stream())
                .reduce((first, later) -> first);
        Optional<String> search = request.query("search").map(s -> s.trim().toLowerCase(Locale.ROOT));
        int limit = Queries.intParam(request, "limit", 100, 1, 1000);
        int offset = Queries.intParam(request, "offset", 0, 0, 1_000_000);
        List<ModelEntry> matching = models.list(folder).stream()
                .filter(entry -> search.isEmpty()
                        || entry.path().relative().toLowerCase(Locale.ROOT).contains(search.get()))
                .toList();
        List<ModelViews.Model> page = matching.stream()
                .skip(offset)
                .limit(limit)
                .map(ModelViews.Model::of)
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("models", page);
        body.put("total", matching.size());
        body.put(
                "total_size_bytes",
                matching.stream().mapToLong(ModelEntry::sizeBytes).sum());
        body.put("limit", limit);
        body.put("offset", offset);
        body.put("has_more", offset + page.size() < matching.size());
        return ApiResponse.ok(body);
    }

    ApiResponse types(Caller caller, ApiRequest request, PathParams params) {
        Map<String, long[]> byFolder = new LinkedHashMap<>();
        ModelFolders.KNOWN.forEach(folder -> byFolder.put(folder, new long[2]));
        for (ModelEntry entry : models.list(Optional.empty())) {
            long[] counts = byFolder.computeIfAbsent(entry.path().folder(), folder -> new long[2]);
            counts[0]++;
            counts[1] += entry.sizeBytes();
        }
        List<Map<String, Object>> types = new ArrayList<>();
        byFolder.forEach((folder, counts) ->
                types.add(Map.of("id", folder, "name", title(folder), "count", counts[0], "size_bytes", counts[1])));
        return ApiResponse.ok(Map.of("types", types));
    }

    ApiResponse get(Caller caller, ApiRequest request, PathParams params) {
        ModelPath path = path(params);
        return ApiResponse.ok(ModelViews.Model.of(models.find(path).orElseThrow(() -> notFound(path))));
    }

    ApiResponse delete(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller);
        ModelPath path = path(params);
        ModelEntry entry = models.find(path).orElseThrow(() -> notFound(path));
        models.delete(path);
        changes.deleted(path);
        return ApiResponse.ok(Map.of("deleted", true, "path", path.relative(), "space_freed_bytes", entry.sizeBytes()));
    }

    /** {@code DELETE /v1/models} with {@code {"paths": ["checkpoints/a.safetensors", ...]}}. */
    ApiResponse deleteMany(Caller caller, ApiRequest request, PathParams params) {
        Deletion deletion = deletePaths(caller, Bodies.object(request).get("paths"));
        return ApiResponse.ok(Map.of(
                "deleted",
                deletion.deleted(),
                "space_freed_bytes",
                deletion.freedBytes(),
                "errors",
                deletion.errors()));
    }

    /** What a deletion of many models did: how many went, the bytes they took, and what could not go. */
    record Deletion(int deleted, long freedBytes, List<ErrorDetail> errors) {}

    /** Deletes each {@code folder/name} it can, reporting the others (operators only). */
    Deletion deletePaths(Caller caller, JsonNode paths) {
        operators.require(caller);
        if (paths == null || !paths.isArray() || paths.isEmpty() || paths.size() > 100) {
            throw ValidationException.of(
                    ErrorCodes.INVALID_VALUE, "paths", "paths must list from 1 to 100 models as 'folder/name'");
        }
        // A member that is not a string is a malformed request, refused whole; a string that names
        // no model is one failed deletion among others, reported beside them.
        for (int i = 0; i < paths.size(); i++) {
            if (!paths.get(i).isTextual()) {
                throw ValidationException.of(
                        ErrorCodes.INVALID_TYPE, "paths[" + i + "]", "paths must list models as 'folder/name' strings");
            }
        }
        int deleted = 0;
        long freed = 0;
        List<ErrorDetail> errors = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            String field = "paths[" + i + "]";
            String value = paths.get(i).asText("");
            int slash = value.indexOf('/');
            if (slash <= 0) {
                errors.add(ErrorDetail.field(
                        ErrorCodes.INVALID_VALUE, field, "'" + value + "' is not a 'folder/name' model path"));
                continue;
            }
            try {
                ModelPath path = ModelPath.of(value.substring(0, slash), value.substring(slash + 1), field, field);
                Optional<ModelEntry> entry = models.find(path);
                if (entry.isEmpty()) {
                    errors.add(ErrorDetail.field(
                            ErrorCodes.NOT_FOUND, field, path.relative() + " is not in the model store"));
                    continue;
                }
                models.delete(path);
                changes.deleted(path);
                deleted++;
                freed += entry.get().sizeBytes();
            } catch (ValidationException e) {
                errors.addAll(e.details());
            }
        }
        return new Deletion(deleted, freed, errors);
    }

    /** {@code text_encoders} as a person reads it: {@code Text Encoders}. */
    static String title(String folder) {
        StringBuilder title = new StringBuilder();
        for (String word : folder.split("_")) {
            if (!word.isEmpty()) {
                title.append(title.isEmpty() ? "" : " ")
                        .append(Character.toUpperCase(word.charAt(0)))
                        .append(word.substring(1));
            }
        }
        return title.toString();
    }

    static ModelPath path(PathParams params) {
        return ModelPath.of(params.get("folder"), ModelViews.decode(params.get("name")), "folder", "name");
    }

    private static NotFoundException notFound(ModelPath path) {
        return new NotFoundException("Model '" + path.relative() + "' is not in the model store");
    }
}
