package io.comfyless.runner.model;

import io.comfyless.core.model.ModelPath;
import io.comfyless.core.model.ModelStore;
import io.comfyless.core.workflow.ModelReferences;
import io.comfyless.core.workflow.RequiredModel;
import io.comfyless.core.workflow.Workflow;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes the models a workflow loads present in ComfyUI's model folders before its prompt is
 * submitted (the README's "Models, files and analysis"), so a missing model fails the job with {@code MODEL_NOT_FOUND} and
 * its name rather than as ComfyUI's "value not in list" on some node, and so one model store
 * serves every runner. Disabled when {@code COMFYUI_MODELS_DIR} is not set: ComfyUI's own folders
 * are trusted then, and ComfyUI itself reports what is missing.
 */
public final class ModelStager {

    private final Optional<ModelCache> cache;

    private ModelStager(Optional<ModelCache> cache) {
        this.cache = cache;
    }

    public static ModelStager disabled() {
        return new ModelStager(Optional.empty());
    }

    public static ModelStager of(ModelCache cache) {
        return new ModelStager(Optional.of(cache));
    }

    /** From configuration: a cache over {@code modelsDir} when one is set, otherwise disabled. */
    public static ModelStager from(ModelCacheConfig config, ModelStore store, Clock clock) {
        return config.modelsDir()
                .map(dir -> of(new ModelCache(dir, config.budgetBytes(), store, clock)))
                .orElseGet(ModelStager::disabled);
    }

    public boolean enabled() {
        return cache.isPresent();
    }

    /** The job's hold on its models: they stay on disk until it is closed, once ComfyUI is done with the job. */
    public interface Staged extends AutoCloseable {

        Staged NONE = () -> {};

        @Override
        void close();
    }

    /**
     * Stages every model {@code workflow} loads, one after the other.
     *
     * @throws ModelNotFoundException naming the first model that is nowhere to be found
     * @throws ModelStagingException  when a model cannot be copied
     */
    public Staged stage(Workflow workflow) {
        if (cache.isEmpty()) {
            return Staged.NONE;
        }
        List<ModelCache.Pin> pins = new ArrayList<>();
        Staged staged = () -> pins.forEach(ModelCache.Pin::close);
        try {
            for (RequiredModel model : ModelReferences.of(workflow)) {
                ModelPath path = model.path()
                        .orElseThrow(() -> new ModelNotFoundException(
                                "Node " + model.nodeIds().get(0) + " loads '" + model.name()
                                        + "', which is not a file name inside " + model.folder()));
                pins.add(cache.get().acquire(path));
            }
            return staged;
        } catch (RuntimeException e) {
            staged.close();
            throw e;
        }
    }
}
