package io.comfyless.core.tenant;

import java.time.Instant;
import java.util.Objects;

/**
 * Who owns jobs, keys and quotas. A tenant is created with its first API key or by a user's
 * registration; its tier decides every limit its callers meet.
 */
public record Tenant(String id, Tier tier, Instant createdAt) {

    public Tenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
