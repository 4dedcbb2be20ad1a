package io.comfyless.core.tenant;
/**
 * Counts a tenant's requests against its tier's {@link Tier#requestsPerWindow() allowance per
 * window}. Counts must hold across every process serving the tenant, so implementations keep them
 * in shared storage, never in memory.
 */
public interface RateLimiter {

    /** Counts one request if the window has room; says where the tenant stands either way. */
    RequestWindow admit(String tenantId, Tier tier);
}
