package io.comfyless.core.model;

import java.time.Instant;

/**
 * A model file in the store.
 *
 * @param key    the object that holds it (a legacy directory such as {@code models/unet/} when stored there)
 * @param sha256 hex digest from the object's {@code sha256} metadata; null when the uploader gave none
 *               or the entry comes from a listing, which carries no metadata
 */
public record ModelEntry(ModelPath path, String key, long sizeBytes, Instant lastModified, String sha256) {}
