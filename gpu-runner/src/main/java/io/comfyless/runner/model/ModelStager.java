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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the models a workflow loads present in ComfyUI's model folders before its prompt is
 * submitted (the README's "Models, files and analysis"), so a missing model fails the job with {@code MODEL_NOT_FOUND} and
 * its name rather than as ComfyUI's "value not in list" on some node, and so one model store
 * serves every runner. Disabled when {@code COMFYUI_MODELS_DIR} is not set: ComfyUI's own folders
 * are trusted then, and ComfyUI itself reports what is missing.
 */
public final class ModelStager {

    private static final Logger log = LoggerFactory.getLogger(ModelStager.class);

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

    /** The cache behind it, which fleet model commands also fill and empty; empty when staging is off. */
    public Optional<ModelCache> cache() {
        return cache;
    }

    /** The job's hold on its models: they stay on disk until it is closed, once ComfyUI is done with the job. */
    public interface Staged extends AutoCloseable {

        Staged NONE = () -> {};

        @Override
        void close();
    }

    /**
     * Copies {@code models} into the cache before the first job needs them (a runner's setup), one
     * after the other. A model that cannot be staged is logged and skipped: the job that needs it
     * will fail with its name, but a runner without a warm model still serves every other job.
     *
     * @return how many of them are present now
     */
    public int warm(List<ModelPath> models) {
        if (cache.isEmpty()) {
            return 0;
        }
        int present = 0;
        for (ModelPath model : models) {
            try (ModelCache.Pin pin = cache.get().acquire(model)) {
                present++;
            } catch (ModelNotFoundException | ModelStagingException e) {
                log.warn("Could not keep model {} warm: {}", model.relative(), e.getMessage());
            }
        }
        return present;
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
