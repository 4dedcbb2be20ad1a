package io.comfyless.core.tenant;

import java.util.Objects;
import java.util.Set;

/**
 * A request to issue a key for a tenant. Empty {@code scopes} means the type's defaults; a name
 * helps people tell keys apart ({@code "ci"}, {@code "web app"}).
 */
public record NewApiKey(String tenantId, ApiKeyType type, Set<Scope> scopes, String name) {

    public NewApiKey {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(type, "type");
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }

    public static NewApiKey secret(String tenantId, String name) {
        return new NewApiKey(tenantId, ApiKeyType.SECRET, Set.of(), name);
    }

    public static NewApiKey publicKey(String tenantId, String name) {
        return new NewApiKey(tenantId, ApiKeyType.PUBLIC, Set.of(), name);
    }
}
