package io.comfyless.core.preset;

import io.comfyless.core.error.ConflictException;
import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.job.IdGenerator;
import io.comfyless.core.model.DownloadStatus;
import io.comfyless.core.model.ModelChanges;
import io.comfyless.core.model.ModelDownload;
import io.comfyless.core.model.ModelDownloads;
import io.comfyless.core.model.ModelEntry;
import io.comfyless.core.model.ModelStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Puts a preset's models into the model store: installing queues one download per missing file
 * (runners fetch them, as for any model import), all under one installation id; the status follows
 * each file; uninstalling deletes the files from the store.
 */
public final class PresetInstaller {

    private final ModelStore store;
    private final ModelDownloads downloads;
    private final ModelChanges changes;
    private final Clock clock;
    private final IdGenerator ids;

    public PresetInstaller(
            ModelStore store, ModelDownloads downloads, ModelChanges changes, Clock clock, IdGenerator ids) {
        this.store = store;
        this.downloads = downloads;
        this.changes = changes;
        this.clock = clock;
        this.ids = ids;
    }

    /** One installation: its id and the downloads it queued. */
    public record Installation(String installId, Preset preset, List<ModelDownload> queued) {}

    /** One file of a preset: in the store or not, and its latest download. */
    public record FileState(PresetFile file, Optional<ModelEntry> stored, Optional<ModelDownload> download) {

        public boolean installed() {
            return stored.isPresent();
        }

        public boolean failed() {
            return stored.isEmpty()
                    && download.map(d -> d.status() == DownloadStatus.FAILED).orElse(false);
        }

        public boolean downloading() {
            return stored.isEmpty() && download.map(d -> !d.status().isFinal()).orElse(false);
        }
    }

    /**
     * Queues the downloads of the files the store lacks (every file with {@code force}).
     *
     * @throws ConflictException (PRESET_ALREADY_INSTALLED) when there is nothing to fetch
     */
    public Installation install(Preset preset, boolean force, String requestedBy) {
        String installId = "dl_" + ids.randomHex(10);
        List<ModelDownload> queued = new ArrayList<>();
        for (PresetFile file : preset.files()) {
            if (!force && store.find(file.path()).isPresent()) {
                continue;
            }
            ModelDownload download = ModelDownload.requested(
                    "dl_" + ids.randomHex(10),
                    file.url(),
                    file.path(),
                    requestedBy,
                    clock.instant(),
                    preset.id(),
                    installId);
            downloads.create(download);
            queued.add(download);
        }
        if (queued.isEmpty()) {
            throw new ConflictException(
                    "Preset '" + preset.id() + "' is already installed; send force=true to fetch its files again",
                    List.of(ErrorDetail.field("PRESET_ALREADY_INSTALLED", "preset_id", preset.id())));
        }
        return new Installation(installId, preset, queued);
    }

    /** Each file's state, from one listing of the store and one of the downloads. */
    public List<FileState> status(Preset preset) {
        Map<String, ModelEntry> stored = store.list(Optional.empty()).stream()
                .collect(Collectors.toMap(e -> e.path().relative(), Function.identity(), (a, b) -> a));
        Map<String, ModelDownload> latest = latestDownloads(preset);
        return preset.files().stream()
                .map(file -> new FileState(
                        file,
                        Optional.ofNullable(stored.get(file.path().relative())),
                        Optional.ofNullable(latest.get(file.path().relative()))))
                .toList();
    }

    /** Deletes the preset's files from the store; returns those deleted, with their sizes. */
    public List<ModelEntry> uninstall(Preset preset) {
        List<ModelEntry> removed = new ArrayList<>();
        for (PresetFile file : preset.files()) {
            store.find(file.path()).ifPresent(entry -> {
                if (store.delete(file.path())) {
                    removed.add(entry);
                    changes.deleted(file.path());
                }
            });
        }
        return removed;
    }

    private Map<String, ModelDownload> latestDownloads(Preset preset) {
        return downloads.list(500).stream()
                .filter(d -> preset.id().equals(d.presetId()))
                .sorted(Comparator.comparing(ModelDownload::createdAt))
                .collect(Collectors.toMap(d -> d.path().relative(), Function.identity(), (older, newer) -> newer));
    }
}
