package io.comfyless.functions.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.json.Json;
import io.comfyless.core.model.ModelDownload;
import io.comfyless.core.model.ModelEntry;
import io.comfyless.core.model.ModelFleet;
import io.comfyless.core.model.ModelFolders;
import io.comfyless.core.model.ModelImports;
import io.comfyless.core.model.ModelPath;
import io.comfyless.core.model.ModelPin;
import io.comfyless.core.model.ModelStore;
import io.comfyless.core.tenant.Scope;
import io.comfyless.core.worker.Worker;
import io.comfyless.core.worker.WorkerRegistry;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The unversioned model API, {@code /models/…}, mapped onto the fleet: a model is "loaded" when it
 * is on a runner's disk, ready for ComfyUI (GPU memory per model is not something ComfyUI reports,
 * so {@code memory_usage_mb} is null); load, unload and clean-up are commands the runners carry out
 * within a heartbeat or two; downloads go into the model store, from which every runner copies.
 * Reading needs {@code workflows:read}; changing what every tenant's runners hold is for the
 * stack's {@link Operators}.
 */
public final class UnversionedModelRoutes {

    private static final long MIB = 1024L * 1024;

    private final ModelStore store;
    private final ModelFleet fleet;
    private final ModelImports imports;
    private final WorkerRegistry workers;
    private final ModelLookup lookup;
    private final Operators operators;
    private final Access access;

    UnversionedModelRoutes(
            ModelStore store,
            ModelFleet fleet,
            ModelImports imports,
            WorkerRegistry workers,
            Operators operators,
            Access access) {
        this.store = store;
        this.fleet = fleet;
        this.imports = imports;
        this.workers = workers;
        this.lookup = new ModelLookup(store);
        this.operators = operators;
        this.access = access;
    }

    public void register(Router router) {
        router.route("GET", "/models", access.require(Scope.WORKFLOWS_READ, this::list))
                .route("GET", "/models/{model_name}", access.require(Scope.WORKFLOWS_READ, this::get))
                .route("POST", "/models/{model_name}/download", access.authenticated(this::download))
                .route("POST", "/models/{model_name}/load", access.authenticated(this::load))
                .route("POST", "/models/{model_name}/unload", access.authenticated(this::unload))
                .route("POST", "/models/cleanup", access.authenticated(this::cleanup))
                .route(
                        "GET",
                        "/models/{model_name}/download-progress",
                        access.require(Scope.WORKFLOWS_READ, this::progress));
    }

    /** Stored models, and models still being downloaded into the store (unless {@code available_only}). */
    ApiResponse list(Caller caller, ApiRequest request, PathParams params) {
        Optional<String> folder = request.query("model_type").map(type -> ModelFolders.parse(type, "model_type"));
        boolean availableOnly = Queries.boolParam(request, "available_only");
        List<Worker> live = workers.list().stream().filter(Worker::live).toList();
        Map<String, List<ModelFleet.Location>> cached = ModelFleet.locations(live);
        Map<String, ModelDownload> downloads = latestDownloads();
        ArrayNode models = Json.mapper().createArrayNode();
        for (ModelEntry entry : store.list(folder)) {
            ModelDownload download = downloads.remove(entry.path().relative());
            models.add(model(entry.path(), cached.getOrDefault(entry.path().relative(), List.of()), download));
        }
        if (!availableOnly) {
            downloads.values().stream()
                    .filter(d -> !d.status().isFinal())
                    .filter(d ->
                            folder.isEmpty() || folder.get().equals(d.path().folder()))
                    .forEach(d -> models.add(model(d.path(), List.of(), d)));
        }
        ObjectNode body = Json.object();
        body.set("models", models);
        body.put("total_memory_usage_mb", megabytes(live, true));
        body.put("available_memory_mb", megabytes(live, false));
        return ApiResponse.ok(body);
    }

    ApiResponse get(Caller caller, ApiRequest request, PathParams params) {
        ModelPath path = lookup.find(params.get("model_name"), type(request), "model_name");
        ModelFleet.ModelState state = fleet.state(path);
        ModelEntry entry = state.stored()
                .orElseThrow(() -> new NotFoundException("Model '" + path.relative() + "' is not in the model store"));
        ObjectNode body = model(path, state.cachedOn(), latestDownloads().get(path.relative()));
        body.put("file_size_mb", Math.round(entry.sizeBytes() * 10.0 / MIB) / 10.0);
        body.put("file_path", "models/" + path.relative());
        body.put("hash", state.sha256());
        ObjectNode metadata = body.putObject("metadata");
        metadata.put("folder", path.folder());
        metadata.put("path", path.relative());
        metadata.put("size_bytes", entry.sizeBytes());
        metadata.put(
                "last_modified",
                entry.lastModified() == null ? null : entry.lastModified().toString());
        ModelPin pin = state.pin();
        metadata.put("pinned", pin != null);
        metadata.put(
                "pinned_until",
                pin == null || pin.until() == null ? null : pin.until().toString());
        return ApiResponse.ok(body);
    }

    /** {@code ?model_type=checkpoint&download_url=https://…}: a runner fetches it into the store. */
    ApiResponse download(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller);
        String type = request.query("model_type")
                .orElseThrow(() -> ValidationException.of(
                        "REQUIRED_FIELD", "model_type", "Query parameter 'model_type' is required"));
        String url = request.query("download_url")
                .orElseThrow(() -> ValidationException.of(
                        "REQUIRED_FIELD", "download_url", "Query parameter 'download_url' is required"));
        ModelPath path = ModelPath.of(type, ModelViews.decode(params.get("model_name")), "model_type", "model_name");
        ModelDownload download = imports.request(url, path, false, caller.tenantId());
        ObjectNode body = Json.object()
                .put("message", "Model download started")
                .put("model_name", path.name())
                .put("model_type", ModelLookup.typeOf(path.folder()))
                .put("download_id", download.id());
        request.query("description").ifPresent(description -> body.put("description", description));
        return ApiResponse.ok(body);
    }

    ApiResponse load(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller);
        ModelPath path = lookup.find(params.get("model_name"), type(request), "model_name");
        fleet.load(path, 5, Optional.empty(), caller.tenantId());
        List<Worker> live = workers.list().stream().filter(Worker::live).toList();
        long holding = live.stream()
                .filter(w -> w.models().stream().anyMatch(m -> m.path().equals(path.relative())))
                .count();
        boolean everywhere = !live.isEmpty() && holding == live.size();
        return ApiResponse.ok(Json.object()
                .put(
                        "message",
                        everywhere
                                ? "Model loaded successfully"
                                : "Model load started: every runner stages it and keeps it until it is unloaded")
                .put("model_name", path.name())
                .put("model_type", ModelLookup.typeOf(path.folder()))
                .put("status", everywhere ? "loaded" : "loading")
                .put("runners", live.size()));
    }

    ApiResponse unload(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller);
        ModelPath path = lookup.find(params.get("model_name"), type(request), "model_name");
        fleet.unload(path);
        return ApiResponse.ok(Json.object()
                .put("message", "Model unload started: runners evict it once no running job uses it")
                .put("model_name", path.name())
                .put("status", "unloading"));
    }

    /** {@code ?max_age_hours=1} (1 to 24): evicts unpinned models unused for that long, on every runner. */
    ApiResponse cleanup(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller);
        int hours = Queries.intParam(request, "max_age_hours", 1, 1, 24);
        List<String> evicted = fleet.cleanup(Duration.ofHours(hours));
        ObjectNode body = Json.object().put("message", "Cleanup started on every runner");
        ArrayNode names = body.putArray("models_unloaded");
        evicted.stream().map(p -> p.substring(p.indexOf('/') + 1)).forEach(names::add);
        body.put("max_age_hours", hours);
        return ApiResponse.ok(body);
    }

    /** The model's latest download: a fraction done, and bytes, speed and time left. */
    ApiResponse progress(Caller caller, ApiRequest request, PathParams params) {
        String name = ModelViews.decode(params.get("model_name"));
        Optional<ModelDownload> download = latestDownloads().values().stream()
                .filter(d -> d.path().name().equals(name) || d.path().relative().equals(name))
                .filter(d -> type(request).isEmpty()
                        || d.path()
                                .folder()
                                .equals(ModelFolders.parse(type(request).get(), "model_type")))
                .max(Comparator.comparing(ModelDownload::createdAt));
        Optional<ModelPath> stored = download.map(ModelDownload::path).or(() -> {
            try {
                return Optional.of(lookup.find(name, type(request), "model_name"));
            } catch (NotFoundException none) {
                return Optional.empty();
            }
        });
        if (download.isEmpty() && stored.isEmpty()) {
            throw new NotFoundException("No model or download named '" + name + "'");
        }
        boolean available = stored.flatMap(store::find).isPresent();
        ObjectNode body = Json.object()
                .put("model_name", name)
                .put("is_downloading", download.map(d -> !d.status().isFinal()).orElse(false))
                .put(
                        "download_progress",
                        download.map(ModelDownload::progress)
                                .map(p -> p / 100.0)
                                .orElse(null))
                .put("is_available", available);
        download.ifPresent(d -> ModelViews.putTransfer(
                body.put("download_id", d.id()).put("status", d.status().wire()), d));
        return ApiResponse.ok(body);
    }

    /** One model as the list shows it; null figures are written as null. */
    private static ObjectNode model(ModelPath path, List<ModelFleet.Location> cachedOn, ModelDownload download) {
        boolean downloading = download != null && !download.status().isFinal();
        ObjectNode model = Json.object()
                .put("name", path.name())
                .put("type", ModelLookup.typeOf(path.folder()))
                .put("is_loaded", !cachedOn.isEmpty())
                .put("is_downloading", downloading)
                .put(
                        "download_progress",
                        downloading && download.progress() != null ? download.progress() / 100.0 : null)
                .put(
                        "last_used",
                        cachedOn.stream()
                                .map(ModelFleet.Location::lastUsed)
                                .filter(Objects::nonNull)
                                .max(Comparator.naturalOrder())
                                .map(Object::toString)
                                .orElse(null));
        model.putNull("memory_usage_mb");
        model.put("path", path.relative());
        ArrayNode on = model.putArray("cached_on");
        cachedOn.forEach(location -> on.add(location.workerId()));
        return model;
    }

    /** The latest download of each model, by path. */
    private Map<String, ModelDownload> latestDownloads() {
        Map<String, ModelDownload> latest = new LinkedHashMap<>();
        for (ModelDownload download : imports.list(500)) {
            latest.merge(
                    download.path().relative(),
                    download,
                    (a, b) -> a.createdAt().isAfter(b.createdAt()) ? a : b);
        }
        return latest;
    }

    private static Optional<String> type(ApiRequest request) {
        return request.query("model_type");
    }

    /** GPU memory of the live runners in MiB: in use, or free. */
    private static double megabytes(List<Worker> live, boolean used) {
        long bytes = live.stream()
                .filter(w -> w.gpuMemoryTotal() != null && w.gpuMemoryFree() != null)
                .mapToLong(w -> used ? w.gpuMemoryTotal() - w.gpuMemoryFree() : w.gpuMemoryFree())
                .sum();
        return Math.round(bytes * 10.0 / MIB) / 10.0;
    }
}
