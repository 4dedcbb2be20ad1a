package io.comfyless.functions.auth;

import io.comfyless.core.tenant.ApiKey;
import io.comfyless.core.tenant.Tenant;
import io.comfyless.core.tenant.TenantStore;
import io.comfyless.core.tenant.Tier;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link TenantStore} in memory that counts its key lookups, for authenticator tests. */
final class InMemoryTenantStore implements TenantStore {

    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
    private final Map<String, ApiKey> keysByHash = new ConcurrentHashMap<>();
    final AtomicInteger keyLookups = new AtomicInteger();

    @Override
    public Tenant ensure(Tenant tenant) {
        return tenants.computeIfAbsent(tenant.id(), id -> tenant);
    }

    @Override
    public Optional<Tenant> find(String tenantId) {
        return Optional.ofNullable(tenants.get(tenantId));
    }

    @Override
    public void setTier(String tenantId, Tier tier) {
        tenants.computeIfPresent(tenantId, (id, tenant) -> new Tenant(id, tier, tenant.createdAt()));
    }

    @Override
    public void putKey(ApiKey key, String keyHash) {
        keysByHash.put(keyHash, key);
    }

    @Override
    public List<ApiKey> keys(String tenantId) {
        return keysByHash.values().stream()
                .filter(key -> key.tenantId().equals(tenantId))
                .sorted(Comparator.comparing(ApiKey::createdAt))
                .toList();
    }

    @Override
    public Optional<ApiKey> findKeyByHash(String keyHash) {
        keyLookups.incrementAndGet();
        return Optional.ofNullable(keysByHash.get(keyHash));
    }

    @Override
    public Optional<ApiKey> revokeKey(String tenantId, String keyId, Instant at) {
        for (Map.Entry<String, ApiKey> entry : keysByHash.entrySet()) {
            ApiKey key = entry.getValue();
            if (key.id().equals(keyId) && key.tenantId().equals(tenantId)) {
                ApiKey revoked = new ApiKey(
                        key.id(),
                        key.tenantId(),
                        key.type(),
                        key.scopes(),
                        key.name(),
                        key.displayPrefix(),
                        key.createdAt(),
                        Optional.of(key.revokedAt().orElse(at)));
                entry.setValue(revoked);
                return Optional.of(revoked);
            }
        }
        return Optional.empty();
    }
}
