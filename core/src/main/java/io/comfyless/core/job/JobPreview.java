package io.comfyless.core.job;

import java.time.Instant;

/**
 * A sampler preview of a running job, stored by its runner under {@code previews/}.
 *
 * @param key the object key ({@code previews/<job_id>/<attempt>/<n>.jpg})
 * @param nodeId the node that sent it, when ComfyUI said so
 * @param step the sampler step it shows, when known
 */
public record JobPreview(String key, String contentType, String nodeId, Integer step, Integer totalSteps, Instant at) {}
