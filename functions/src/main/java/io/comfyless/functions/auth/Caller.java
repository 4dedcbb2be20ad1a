package io.comfyless.functions.auth;

import io.comfyless.core.account.AuthenticatedUser;
import io.comfyless.core.error.ForbiddenException;
import io.comfyless.core.job.ExecutionConfig;
import io.comfyless.core.tenant.Scope;
import io.comfyless.core.tenant.Tier;
import io.comfyless.core.tenant.VerifiedApiKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling: the tenant every read and write is scoped to, its tier, what the credential may
 * do, and which credential it was (an API key or a user), for logs and {@code /auth/me}.
 *
 * @param tier empty only for {@link #LOCAL}: a stack without authentication has no limits
 */
public record Caller(
        String tenantId, Optional<Tier> tier, Set<Scope> scopes, Optional<String> keyId, Optional<String> userId) {

    /** The single tenant of a stack running without authentication (local use): every scope, no limits. */
    public static final Caller LOCAL =
            new Caller("default", Optional.empty(), EnumSet.allOf(Scope.class), Optional.empty(), Optional.empty());

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    public static Caller of(VerifiedApiKey key) {
        return new Caller(
                key.tenant().id(),
                Optional.of(key.tenant().tier()),
                key.key().scopes(),
                Optional.of(key.key().id()),
                Optional.empty());
    }

    /** A signed-in user owns their tenant and may do everything in it. */
    public static Caller of(AuthenticatedUser user) {
        return new Caller(
                user.tenant().id(),
                Optional.of(user.tenant().tier()),
                EnumSet.allOf(Scope.class),
                Optional.empty(),
                Optional.of(user.account().id()));
    }

    /** @throws ForbiddenException (403) when the credential lacks {@code scope} */
    public Caller require(Scope scope) {
        if (!scopes.contains(scope)) {
            throw new ForbiddenException("This credential lacks the '" + scope.wire() + "' scope");
        }
        return this;
    }

    /** The longest execution timeout this caller may ask for. */
    public Duration timeoutLimit() {
        return tier.map(Tier::timeoutLimit).orElse(ExecutionConfig.MAX_TIMEOUT);
    }
}
