package io.comfyless.functions.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.error.ConflictException;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.json.Json;
import io.comfyless.core.model.DownloadStatus;
import io.comfyless.core.model.ModelDownload;
import io.comfyless.core.model.ModelEntry;
import io.comfyless.core.model.ModelFolders;
import io.comfyless.core.model.ModelImports;
import io.comfyless.core.model.ModelStore;
import io.comfyless.core.preset.Preset;
import io.comfyless.core.preset.PresetCatalog;
import io.comfyless.core.preset.PresetFile;
import io.comfyless.core.tenant.Scope;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The dashboard's model and download routes, {@code /api/models…} and {@code /api/downloads…},
 * over the model store: a model's {@code preset} is the preset that lists it; the downloads of one
 * preset installation are one entry under the installation's id (pause, resume and cancel apply to
 * every file), a single model import is an entry of its own.
 */
public final class DashboardModelRoutes {

    private static final double GB = 1024.0 * 1024 * 1024;

    private final ModelStore store;
    private final ModelRoutes models;
    private final ModelImports imports;
    private final PresetCatalog presets;
    private final Operators operators;
    private final Access access;

    DashboardModelRoutes(
            ModelStore store,
            ModelRoutes models,
            ModelImports imports,
            PresetCatalog presets,
            Operators operators,
            Access access) {
        this.store = store;
        this.models = models;
        this.imports = imports;
        this.presets = presets;
        this.operators = operators;
        this.access = access;
    }

    public void register(Router router) {
        router.route("GET", "/api/models", access.require(Scope.WORKFLOWS_READ, this::list))
                .route("DELETE", "/api/models", access.authenticated(this::delete))
                .route("GET", "/api/models/types", access.require(Scope.WORKFLOWS_READ, models::types))
                .route("GET", "/api/downloads", access.require(Scope.WORKFLOWS_READ, this::downloads))
                .route("POST", "/api/downloads/{download_id}/pause", access.authenticated(this::pause))
                .route("POST", "/api/downloads/{download_id}/resume", access.authenticated(this::resume))
                .route("DELETE", "/api/downloads/{download_id}", access.authenticated(this::cancel));
    }

    /** {@code ?type=checkpoints&search=…}. */
    ApiResponse list(Caller caller, ApiRequest request, PathParams params) {
        Optional<String> folder = request.query("type").map(type -> ModelFolders.parse(type, "type"));
        Optional<String> search = request.query("search").map(s -> s.toLowerCase(Locale.ROOT));
        Map<String, String> presetOf = new HashMap<>();
        for (Preset preset : presets.list()) {
            for (PresetFile file : preset.files()) {
                presetOf.putIfAbsent(file.path().relative(), preset.id());
            }
        }
        ArrayNode list = Json.mapper().createArrayNode();
        long total = 0;
        for (ModelEntry entry : store.list(folder)) {
            if (search.isPresent()
                    && !entry.path().name().toLowerCase(Locale.ROOT).contains(search.get())) {
                continue;
            }
            total += entry.sizeBytes();
            list.addObject()
                    .put("path", entry.path().relative())
                    .put("type", entry.path().folder())
                    .put("size_gb", Math.round(entry.sizeBytes() / GB * 100) / 100.0)
                    .put("size_bytes", entry.sizeBytes())
                    .put(
                            "modified",
                            entry.lastModified() == null
                                    ? null
                                    : entry.lastModified().toString())
                    .put("preset", presetOf.get(entry.path().relative()));
        }
        ObjectNode body = Json.object();
        body.set("models", list);
        body.put("total", list.size());
        body.put("total_size_gb", Math.round(total / GB * 100) / 100.0);
        return ApiResponse.ok(body);
    }

    /** {@code {"paths": ["checkpoints/old.safetensors", ...]}}. */
    ApiResponse delete(Caller caller, ApiRequest request, PathParams params) {
        ModelRoutes.Deletion deletion =
                models.deletePaths(caller, Bodies.object(request).get("paths"));
        return ApiResponse.ok(Map.of(
                "deleted", deletion.deleted(),
                "space_freed_gb", Math.round(deletion.freedBytes() / GB * 100) / 100.0,
                "errors", deletion.errors()));
    }

    ApiResponse downloads(Caller caller, ApiRequest request, PathParams params) {
        Map<String, List<ModelDownload>> groups = new LinkedHashMap<>();
        imports.list(500).stream()
                .sorted(Comparator.comparing(ModelDownload::createdAt).reversed())
                .forEach(d -> groups.computeIfAbsent(groupOf(d), id -> new ArrayList<>())
                        .add(d));
        ArrayNode list = Json.mapper().createArrayNode();
        groups.forEach((id, files) -> list.add(group(id, files)));
        long active = groups.values().stream()
                .filter(files -> files.stream().anyMatch(d -> d.status() == DownloadStatus.DOWNLOADING))
                .count();
        ObjectNode body = Json.object();
        body.set("downloads", list);
        body.put("active", active);
        body.put("total", list.size());
        return ApiResponse.ok(body);
    }

    ApiResponse pause(Caller caller, ApiRequest request, PathParams params) {
        return apply(caller, params.get("download_id"), download -> imports.pause(download.id()));
    }

    ApiResponse resume(Caller caller, ApiRequest request, PathParams params) {
        return apply(caller, params.get("download_id"), download -> imports.resume(download.id()));
    }

    /** Cancels every unfinished file; nothing partial is left in the store (uploads are aborted by the runner). */
    ApiResponse cancel(Caller caller, ApiRequest request, PathParams params) {
        ObjectNode body = (ObjectNode)
                Json.read(apply(caller, params.get("download_id"), download -> imports.cancel(download.id()))
                        .body());
        return ApiResponse.ok(body.put("files_removed", true));
    }

    /** Applies {@code change} to every unfinished file of the group (or to the one download) {@code id} names. */
    private ApiResponse apply(Caller caller, String id, UnaryOperator<ModelDownload> change) {
        operators.require(caller);
        List<ModelDownload> members =
                imports.list(500).stream().filter(d -> id.equals(groupOf(d))).toList();
        if (members.isEmpty()) {
            throw NotFoundException.of("Download", id);
        }
        List<ModelDownload> after = new ArrayList<>();
        for (ModelDownload member : members) {
            try {
                after.add(member.status().isFinal() ? member : change.apply(member));
            } catch (ConflictException alreadyThere) {
                // A file already paused (or pending, for a resume) keeps its state; the others change.
                after.add(member);
            }
        }
        ObjectNode group = group(id, after);
        return ApiResponse.ok(Json.object()
                .put("status", group.get("status").asText())
                .put("download_id", id)
                .put("files", after.size()));
    }

    private static String groupOf(ModelDownload download) {
        return download.installId() != null ? download.installId() : download.id();
    }

    /** One entry of the list: the group's state, progress over its files, and the file being fetched. */
    private static ObjectNode group(String id, List<ModelDownload> files) {
        Optional<ModelDownload> current = files.stream()
                .filter(d -> d.status() == DownloadStatus.DOWNLOADING)
                .findFirst();
        long completed = files.stream()
                .filter(d -> d.status() == DownloadStatus.COMPLETED)
                .count();
        String status = current.isPresent()
                ? "downloading"
                : completed == files.size()
                        ? "completed"
                        : files.stream().anyMatch(d -> d.status() == DownloadStatus.PENDING)
                                ? "pending"
                                : files.stream().anyMatch(d -> d.status() == DownloadStatus.PAUSED)
                                        ? "paused"
                                        : files.stream().anyMatch(d -> d.status() == DownloadStatus.FAILED)
                                                ? "failed"
                                                : "cancelled";
        double done = files.stream()
                .mapToDouble(d -> d.progress() == null ? 0 : d.progress())
                .sum();
        ObjectNode entry = Json.object()
                .put("id", id)
                .put("preset_id", files.get(0).presetId())
                .put("status", status)
                .put("progress", Math.round(done / files.size() * 10) / 10.0)
                .put(
                        "speed_mbps",
                        current.map(ModelDownload::bytesPerSecond)
                                .map(speed -> Math.round(speed * 8 / 100_000.0) / 10.0)
                                .orElse(null))
                .put("eta_seconds", current.map(ModelDownload::etaSeconds).orElse(null))
                .put(
                        "current_file",
                        current.map(d -> d.path().relative())
                                .orElse(files.get(0).path().relative()));
        entry.putObject("files").put("total", files.size()).put("completed", completed);
        return entry;
    }
}
