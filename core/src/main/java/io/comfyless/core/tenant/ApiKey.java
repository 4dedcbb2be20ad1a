package io.comfyless.core.tenant;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What is known about an API key once it is issued: everything except the key itself, which only
 * its SHA-256 hash ever stores. {@code displayPrefix} ({@code comfyui_sk_ab12cd34…}) lets people
 * tell their keys apart in listings without being usable.
 */
public record ApiKey(
        String id,
        String tenantId,
        ApiKeyType type,
        Set<Scope> scopes,
        String name,
        String displayPrefix,
        Instant createdAt,
        Optional<Instant> revokedAt) {

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(type, "type");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(createdAt, "createdAt");
        revokedAt = revokedAt == null ? Optional.empty() : revokedAt;
    }

    public boolean active() {
        return revokedAt.isEmpty();
    }
}
