package io.comfyless.core.catalog;

import java.time.Instant;

/**
 * Which published catalogue is current: where its body is, which ComfyUI it came from, and who published it when.
 *
 * @param comfyuiVersion as the runner's ComfyUI reported it, or {@code unknown} (older versions do not say)
 * @param sha256         of the {@code /object_info} body, so equal catalogues are stored once
 */
public record CatalogPointer(String comfyuiVersion, String sha256, String key, String workerId, Instant publishedAt) {}
