package io.comfyless.core.tenant;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Durable tenants and their API keys. Keys are stored by hash; nothing here ever sees a key itself. */
public interface TenantStore {

    /** Stores the tenant unless one with its id exists; returns the stored tenant either way. */
    Tenant ensure(Tenant tenant);

    Optional<Tenant> find(String tenantId);

    /** Moves an existing tenant to another tier. */
    void setTier(String tenantId, Tier tier);

    /** Stores a new key record under its tenant, findable by {@code keyHash}. */
    void putKey(ApiKey key, String keyHash);

    /** Every key of the tenant, revoked ones included, oldest first. */
    List<ApiKey> keys(String tenantId);

    Optional<ApiKey> findKeyByHash(String keyHash);

    /**
     * Marks the key revoked at {@code at} unless it already was.
     *
     * @return the key after the call; empty when the tenant has no such key
     */
    Optional<ApiKey> revokeKey(String tenantId, String keyId, Instant at);
}
