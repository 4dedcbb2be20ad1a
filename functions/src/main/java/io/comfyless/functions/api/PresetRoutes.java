package io.comfyless.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.json.Json;
import io.comfyless.core.model.DownloadStatus;
import io.comfyless.core.model.ModelDownload;
import io.comfyless.core.model.ModelEntry;
import io.comfyless.core.model.ModelStore;
import io.comfyless.core.preset.Preset;
import io.comfyless.core.preset.PresetCatalog;
import io.comfyless.core.preset.PresetFile;
import io.comfyless.core.preset.PresetInstaller;
import io.comfyless.core.tenant.Scope;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Presets, named bundles of models, in the dashboard's shapes on both {@code /api/presets} (list,
 * read, install, status; its {@code DELETE} uninstalls, removing the files) and {@code /v1/presets}
 * (the same, plus creating, replacing and deleting definitions; uninstalling is
 * {@code POST /v1/presets/{id}/uninstall}). Installing queues one download per missing file, which
 * runners fetch into the model store. Reading needs {@code workflows:read}; everything that
 * changes the shared store or the catalogue is for the stack's {@link Operators}.
 */
public final class PresetRoutes {

    private static final double GB = 1024.0 * 1024 * 1024;

    private final PresetCatalog catalog;
    private final PresetInstaller installer;
    private final ModelStore store;
    private final Operators operators;
    private final Access access;

    PresetRoutes(
            PresetCatalog catalog, PresetInstaller installer, ModelStore store, Operators operators, Access access) {
        this.catalog = catalog;
        this.installer = installer;
        this.store = store;
        this.operators = operators;
        this.access = access;
    }

    public void register(Router router) {
        for (String base : List.of("/api/presets", "/v1/presets")) {
            router.route("GET", base, access.require(Scope.WORKFLOWS_READ, this::list))
                    .route("GET", base + "/{preset_id}", access.require(Scope.WORKFLOWS_READ, this::get))
                    .route("POST", base + "/{preset_id}/install", access.authenticated(this::install))
                    .route("GET", base + "/{preset_id}/status", access.require(Scope.WORKFLOWS_READ, this::status));
        }
        router.route("DELETE", "/api/presets/{preset_id}", access.authenticated(this::uninstall))
                .route("POST", "/v1/presets/{preset_id}/uninstall", access.authenticated(this::uninstall))
                .route("POST", "/v1/presets", access.authenticated(this::create))
                .route("PUT", "/v1/presets/{preset_id}", access.authenticated(this::update))
                .route("DELETE", "/v1/presets/{preset_id}", access.authenticated(this::delete));
    }

    /** {@code ?category=&type=&installed=true|false&search=}: search looks in name, description and tags. */
    ApiResponse list(Caller caller, ApiRequest request, PathParams params) {
        List<Preset> all = catalog.list();
        Set<String> stored = storedPaths();
        Optional<String> category = request.query("category");
        Optional<String> type = request.query("type");
        Optional<Boolean> installed = request.query("installed").map(v -> Queries.boolParam(request, "installed"));
        Optional<String> search = request.query("search").map(s -> s.toLowerCase(Locale.ROOT));
        ArrayNode presets = Json.mapper().createArrayNode();
        for (Preset preset : all) {
            boolean isInstalled = installed(preset, stored);
            if (category.filter(c -> !c.equalsIgnoreCase(Objects.toString(preset.category())))
                            .isPresent()
                    || type.filter(t -> !t.equalsIgnoreCase(Objects.toString(preset.type())))
                            .isPresent()
                    || installed.filter(want -> want != isInstalled).isPresent()
                    || search.filter(s -> !matches(preset, s)).isPresent()) {
                continue;
            }
            presets.add(summary(preset, isInstalled));
        }
        ObjectNode body = Json.object();
        body.set("presets", presets);
        body.put("total", all.size());
        body.put("filtered", presets.size());
        ArrayNode categories = body.putArray("categories");
        all.stream().map(Preset::category).filter(Objects::nonNull).distinct().forEach(categories::add);
        return ApiResponse.ok(body);
    }

    ApiResponse get(Caller caller, ApiRequest request, PathParams params) {
        Preset preset = catalog.get(params.get("preset_id"));
        List<PresetInstaller.FileState> files = installer.status(preset);
        boolean isInstalled = files.stream().allMatch(PresetInstaller.FileState::installed);
        ObjectNode body = summary(preset, isInstalled);
        body.put(
                "install_date",
                isInstalled
                        ? files.stream()
                                .map(f ->
                                        f.stored().map(ModelEntry::lastModified).orElse(null))
                                .filter(Objects::nonNull)
                                .max(Comparable::compareTo)
                                .map(Object::toString)
                                .orElse(null)
                        : null);
        ArrayNode list = body.putArray("files");
        for (PresetInstaller.FileState file : files) {
            list.addObject()
                    .put("path", file.file().path().relative())
                    .put("url", file.file().url())
                    .put("size", gigabytes(file.file().sizeBytes()))
                    .put("size_bytes", file.file().sizeBytes())
                    .put("installed", file.installed());
        }
        preset.dependencies().forEach(body.putArray("dependencies")::add);
        preset.workflows().forEach(body.putArray("workflows")::add);
        body.put("built_in", preset.builtIn());
        return ApiResponse.ok(body);
    }

    /** {@code {"force": false, "priority": "normal"}}: queues a download per missing file. */
    ApiResponse install(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller);
        Preset preset = catalog.get(params.get("preset_id"));
        JsonNode body = request.body() == null || request.body().isBlank() ? Json.object() : Bodies.object(request);
        PresetInstaller.Installation installation =
                installer.install(preset, Bodies.flag(body, "force"), caller.tenantId());
        long bytes = installation.queued().stream()
                .map(d -> preset.files().stream()
                        .filter(f -> f.path().equals(d.path()))
                        .findFirst()
                        .map(PresetFile::sizeBytes)
                        .orElse(null))
                .filter(Objects::nonNull)
                .mapToLong(Long::longValue)
                .sum();
        ObjectNode answer = Json.object()
                .put("status", "installing")
                .put("preset_id", preset.id())
                .put("download_id", installation.installId())
                .putNull("estimated_time_seconds")
                .put("total_size_gb", Math.round(bytes / GB * 10) / 10.0)
                .put("files_queued", installation.queued().size())
                .put("status_url", "/v1/presets/" + preset.id() + "/status");
        return ApiResponse.json(202, answer);
    }

    /** Progress over every file (bytes done of bytes expected), the file being fetched, speed and time left. */
    ApiResponse status(Caller caller, ApiRequest request, PathParams params) {
        Preset preset = catalog.get(params.get("preset_id"));
        List<PresetInstaller.FileState> files = installer.status(preset);
        long completed =
                files.stream().filter(PresetInstaller.FileState::installed).count();
        long failed = files.stream().filter(PresetInstaller.FileState::failed).count();
        Optional<ModelDownload> current = files.stream()
                .filter(PresetInstaller.FileState::downloading)
                .map(f -> f.download().orElseThrow())
                .filter(d -> d.status() == DownloadStatus.DOWNLOADING)
                .findFirst();
        String status = completed == files.size()
                ? "installed"
                : files.stream().anyMatch(PresetInstaller.FileState::downloading)
                        ? "installing"
                        : failed > 0 ? "failed" : completed > 0 ? "partial" : "not_installed";
        ObjectNode body = Json.object()
                .put("preset_id", preset.id())
                .put("status", status)
                .put("progress", progress(files))
                .put("current_file", current.map(d -> d.path().relative()).orElse(null))
                .put(
                        "download_speed_mbps",
                        current.map(ModelDownload::bytesPerSecond)
                                .map(speed -> Math.round(speed * 8 / 100_000.0) / 10.0)
                                .orElse(null))
                .put("eta_seconds", current.map(ModelDownload::etaSeconds).orElse(null));
        body.putObject("files")
                .put("total", files.size())
                .put("completed", completed)
                .put("failed", failed);
        ArrayNode each = body.putArray("file_progress");
        for (PresetInstaller.FileState file : files) {
            ObjectNode line = each.addObject()
                    .put("path", file.file().path().relative())
                    .put(
                            "status",
                            file.installed()
                                    ? "installed"
                                    : file.download()
                                            .map(d -> d.status().wire())
                                            .orElse("not_installed"));
            file.download()
                    .ifPresent(d -> ModelViews.putTransfer(
                            line.put("progress", file.installed() ? Double.valueOf(100.0) : d.progress()), d));
        }
        return ApiResponse.ok(body);
    }

    ApiResponse uninstall(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller);
        Preset preset = catalog.get(params.get("preset_id"));
        List<ModelEntry> removed = installer.uninstall(preset);
        long freed = removed.stream().mapToLong(ModelEntry::sizeBytes).sum();
        return ApiResponse.ok(Json.object()
                .put("status", "uninstalled")
                .put("preset_id", preset.id())
                .put("files_removed", removed.size())
                .put("space_freed_gb", Math.round(freed / GB * 100) / 100.0));
    }

    ApiResponse create(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller);
        Preset preset = catalog.create(Bodies.object(request));
        return ApiResponse.json(201, summary(preset, false)).withHeader("Location", "/v1/presets/" + preset.id());
    }

    ApiResponse update(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller);
        Preset preset = catalog.update(params.get("preset_id"), Bodies.object(request));
        return ApiResponse.ok(summary(preset, installed(preset, storedPaths())));
    }

    ApiResponse delete(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller);
        catalog.delete(params.get("preset_id"));
        return ApiResponse.ok(Json.object().put("status", "deleted").put("preset_id", params.get("preset_id")));
    }

    private static ObjectNode summary(Preset preset, boolean installed) {
        ObjectNode body = Json.object()
                .put("id", preset.id())
                .put("name", preset.name())
                .put("category", preset.category())
                .put("type", preset.type())
                .put("description", preset.description())
                .put("download_size", gigabytes(preset.downloadSizeBytes()))
                .put("download_size_bytes", preset.downloadSizeBytes())
                .put("installed", installed)
                .put("use_case", preset.useCase());
        preset.tags().forEach(body.putArray("tags")::add);
        return body;
    }

    private static double progress(List<PresetInstaller.FileState> files) {
        double total = files.size();
        double done = 0;
        for (PresetInstaller.FileState file : files) {
            if (file.installed()) {
                done += 1;
            } else if (file.download().isPresent() && file.download().get().progress() != null) {
                done += file.download().get().progress() / 100.0;
            }
        }
        return total == 0 ? 0 : Math.round(done / total * 1000) / 10.0;
    }

    private Set<String> storedPaths() {
        return store.list(Optional.empty()).stream()
                .map(entry -> entry.path().relative())
                .collect(Collectors.toSet());
    }

    private static boolean installed(Preset preset, Set<String> stored) {
        return preset.files().stream()
                .allMatch(file -> stored.contains(file.path().relative()));
    }

    private static boolean matches(Preset preset, String search) {
        return Objects.toString(preset.name(), "").toLowerCase(Locale.ROOT).contains(search)
                || Objects.toString(preset.description(), "")
                        .toLowerCase(Locale.ROOT)
                        .contains(search)
                || preset.tags().stream()
                        .anyMatch(tag -> tag.toLowerCase(Locale.ROOT).contains(search));
    }

    /** {@code "14.5GB"}, as the dashboard writes sizes; null when unknown. */
    static String gigabytes(Long bytes) {
        return bytes == null ? null : Math.round(bytes / GB * 10) / 10.0 + "GB";
    }
}
