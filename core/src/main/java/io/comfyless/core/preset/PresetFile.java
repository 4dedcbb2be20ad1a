package io.comfyless.core.preset;

import io.comfyless.core.model.ModelPath;

/**
 * One model file of a preset: where it goes in the store and where it comes from.
 *
 * @param sizeBytes the size the preset announces (for {@code download_size}); null when unknown
 */
public record PresetFile(ModelPath path, String url, Long sizeBytes) {}
