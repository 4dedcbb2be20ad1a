package io.comfyless.core.tenant;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Which tier a tenant is on, read through a 30-second cache: a tier change reaches every process
 * within that window. A tenant without a record (the single {@code default} tenant of a stack
 * running without authentication) has no tier and so no limits; with authentication on, every
 * caller's tenant has a record, because keys and users are only issued with one.
 */
public final class TenantTiers {

    public static final Duration CACHE_TTL = Duration.ofSeconds(30);

    private final TenantStore store;
    /** Holds "no record" too, so an unlimited tenant costs no read per submission either. */
    private final ExpiringCache<String, Optional<Tier>> cache;

    public TenantTiers(TenantStore store, Clock clock) {
        this.store = store;
        this.cache = new ExpiringCache<>(CACHE_TTL, 10_000, clock);
    }

    public Optional<Tier> of(String tenantId) {
        return cache.get(tenantId, id -> Optional.of(store.find(id).map(Tenant::tier)))
                .orElseThrow();
    }
}
