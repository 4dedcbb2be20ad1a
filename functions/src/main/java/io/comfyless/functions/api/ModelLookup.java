package io.comfyless.functions.api;

import io.comfyless.core.error.ConflictException;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.model.ModelEntry;
import io.comfyless.core.model.ModelPath;
import io.comfyless.core.model.ModelStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a model by the names clients use: {@code folder/name} (the native id), a bare file name
 * with a type ({@code model_type=checkpoint}), or a bare file name or its stem alone
 * ({@code v1-5-pruned-emaonly.ckpt}, {@code sdxl_base_1.0}), looked up across the store's folders.
 */
final class ModelLookup {

    /** The type names the unversioned model API uses, by folder. */
    private static final Map<String, String> TYPES = Map.of(
            "checkpoints", "checkpoint",
            "loras", "lora",
            "embeddings", "embedding",
            "upscale_models", "upscaler",
            "vae", "vae",
            "controlnet", "controlnet");

    private final ModelStore store;

    ModelLookup(ModelStore store) {
        this.store = store;
    }

    /** The unversioned API's type for a folder ({@code checkpoints} is {@code checkpoint}). */
    static String typeOf(String folder) {
        return TYPES.getOrDefault(folder, folder);
    }

    /**
     * The path of the model {@code id} names.
     *
     * @throws NotFoundException when no stored model has that name
     * @throws ConflictException when several folders have a model of that name; the type tells them apart
     */
    ModelPath find(String id, Optional<String> type, String field) {
        String name = ModelViews.decode(id);
        if (type.isPresent()) {
            return ModelPath.of(type.get(), name, "model_type", field);
        }
        int slash = name.indexOf('/');
        if (slash > 0) {
            Optional<ModelPath> asPath = ModelPath.parse(name.substring(0, slash), name.substring(slash + 1))
                    .filter(path -> store.find(path).isPresent());
            if (asPath.isPresent()) {
                return asPath.get();
            }
        }
        List<ModelPath> matches = store.list(Optional.empty()).stream()
                .map(ModelEntry::path)
                .filter(path -> path.name().equals(name)
                        || path.fileName().equals(name)
                        || stem(path).equals(name))
                .distinct()
                .toList();
        if (matches.isEmpty()) {
            throw new NotFoundException("Model '" + name + "' is not in the model store");
        }
        if (matches.size() > 1) {
            throw new ConflictException("Several models are named '" + name + "' ("
                    + matches.stream().map(ModelPath::relative).toList() + "); give model_type or folder/name");
        }
        return matches.get(0);
    }

    /** The file name without its extension: {@code sdxl_base_1.0.safetensors} is {@code sdxl_base_1.0}. */
    static String stem(ModelPath path) {
        String file = path.fileName();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }
}
