package io.comfyless.core.account;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A person who signs in with email and password (seed 001's user). {@code id} is the identity
 * provider's subject; each user owns one tenant, created at registration.
 */
public record UserAccount(
        String id, String email, String username, String tenantId, Instant createdAt, Optional<Instant> updatedAt) {

    public UserAccount {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(createdAt, "createdAt");
        updatedAt = updatedAt == null ? Optional.empty() : updatedAt;
    }
}
