package io.comfyless.functions.auth;

import io.comfyless.core.tenant.ApiKeySecrets;
import io.comfyless.core.tenant.ApiKeys;
import io.comfyless.core.tenant.ExpiringCache;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Recognises API keys. A recognised key is cached in-process for {@link #CACHE_TTL}, keyed by its
 * hash, so most requests cost no storage read; the price is that a key revoked elsewhere (the CLI,
 * another Lambda instance) or a tier change takes effect within that window rather than at once.
 * A revocation through this process's API is forgotten at once. Unknown keys are never cached.
 */
public final class ApiKeyAuthenticator {

    public static final Duration CACHE_TTL = Duration.ofSeconds(30);

    private final ApiKeys keys;
    private final ExpiringCache<String, Caller> callers;

    public ApiKeyAuthenticator(ApiKeys keys, Clock clock) {
        this.keys = keys;
        this.callers = new ExpiringCache<>(CACHE_TTL, 10_000, clock);
    }

    /** The caller the key stands for; empty for an unknown, malformed or revoked key. */
    public Optional<Caller> authenticate(String presented) {
        if (!ApiKeySecrets.wellFormed(presented)) {
            return Optional.empty();
        }
        return callers.get(
                ApiKeySecrets.hash(presented), hash -> keys.verify(presented).map(Caller::of));
    }

    /** Stops recognising a key this process just revoked, without waiting for the cache. */
    public void forget(String keyId) {
        callers.invalidateIf(caller -> caller.keyId().filter(keyId::equals).isPresent());
    }
}
