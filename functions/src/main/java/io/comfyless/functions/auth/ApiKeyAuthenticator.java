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
 * A revocation through this process's API is forgotten at once. A key that is not recognised is
 * remembered as unknown for {@link #UNKNOWN_TTL}, so repeating it costs no storage read either.
 */
public final class ApiKeyAuthenticator {

    public static final Duration CACHE_TTL = Duration.ofSeconds(30);
    /** Short: a key is unknown before it is created, and nobody guesses a 256-bit secret. */
    public static final Duration UNKNOWN_TTL = Duration.ofSeconds(10);

    private final ApiKeys keys;
    private final ExpiringCache<String, Caller> callers;
    private final ExpiringCache<String, Boolean> unknown;

    public ApiKeyAuthenticator(ApiKeys keys, Clock clock) {
        this.keys = keys;
        this.callers = new ExpiringCache<>(CACHE_TTL, 10_000, clock);
        this.unknown = new ExpiringCache<>(UNKNOWN_TTL, 10_000, clock);
    }

    /** The caller the key stands for; empty for an unknown, malformed or revoked key. */
    public Optional<Caller> authenticate(String presented) {
        if (!ApiKeySecrets.wellFormed(presented)) {
            return Optional.empty();
        }
        String hash = ApiKeySecrets.hash(presented);
        if (unknown.get(hash, notCached -> Optional.empty()).isPresent()) {
            return Optional.empty();
        }
        Optional<Caller> caller =
                callers.get(hash, notCached -> keys.verify(presented).map(Caller::of));
        if (caller.isEmpty()) {
            unknown.put(hash, true);
        }
        return caller;
    }

    /** The caller for a key this process recognised recently, without any lookup; empty otherwise. */
    public Optional<Caller> recognised(String presented) {
        if (!ApiKeySecrets.wellFormed(presented)) {
            return Optional.empty();
        }
        return callers.get(ApiKeySecrets.hash(presented), notCached -> Optional.empty());
    }

    /** Stops recognising a key this process just revoked, without waiting for the cache. */
    public void forget(String keyId) {
        callers.invalidateIf(caller -> caller.keyId().filter(keyId::equals).isPresent());
    }
}
