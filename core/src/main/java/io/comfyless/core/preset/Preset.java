package io.comfyless.core.preset;

import java.time.Instant;
import java.util.List;

/**
 * A named bundle of models that together run a kind of workflow (the dashboard's presets), installed
 * into the model store in one go.
 *
 * @param builtIn shipped with ComfyLess ({@code samples/presets/built-in.json}); cannot be changed or deleted
 * @param workflows saved workflows that use it, by id
 */
public record Preset(
        String id,
        String name,
        String category,
        String type,
        String description,
        String useCase,
        List<String> tags,
        List<PresetFile> files,
        List<String> dependencies,
        List<String> workflows,
        boolean builtIn,
        Instant updatedAt) {

    public Preset {
        tags = List.copyOf(tags);
        files = List.copyOf(files);
        dependencies = List.copyOf(dependencies);
        workflows = List.copyOf(workflows);
    }

    /** The announced size of every file, null when some file's size is unknown. */
    public Long downloadSizeBytes() {
        long total = 0;
        for (PresetFile file : files) {
            if (file.sizeBytes() == null) {
                return null;
            }
            total += file.sizeBytes();
        }
        return total;
    }
}
