package io.comfyless.runner.model;

import io.comfyless.contract.Settings;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a runner puts models for ComfyUI, and how much disk it may fill with them.
 *
 * @param modelsDir   ComfyUI's {@code models} directory, on a volume shared with the ComfyUI
 *                    container ({@value #MODELS_DIR}); when absent the runner stages nothing and
 *                    trusts what ComfyUI's own folders hold (its image, a pre-filled volume)
 * @param budgetBytes the most bytes of models the runner keeps there ({@value #CACHE_BYTES});
 *                    files it did not put there do not count and are never removed
 */
public record ModelCacheConfig(Optional<Path> modelsDir, long budgetBytes) {

    public static final String MODELS_DIR = Settings.COMFYUI_MODELS_DIR;
    public static final String CACHE_BYTES = Settings.MODEL_CACHE_BYTES;
    /** Room for a handful of SDXL/Flux checkpoints on a typical GPU instance's NVMe. */
    public static final long DEFAULT_BUDGET = 100L * 1024 * 1024 * 1024;

    public static ModelCacheConfig disabled() {
        return new ModelCacheConfig(Optional.empty(), DEFAULT_BUDGET);
    }

    public static ModelCacheConfig from(Function<String, String> env) {
        Optional<Path> dir = Optional.ofNullable(env.apply(MODELS_DIR))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Path::of);
        long budget = Optional.ofNullable(env.apply(CACHE_BYTES))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Long::parseLong)
                .orElse(DEFAULT_BUDGET);
        if (budget <= 0) {
            throw new IllegalStateException(CACHE_BYTES + " must be a positive number of bytes");
        }
        return new ModelCacheConfig(dir, budget);
    }
}
