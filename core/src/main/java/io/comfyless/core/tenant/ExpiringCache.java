package io.comfyless.core.tenant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A small in-process cache whose entries live for a fixed time. It saves a storage read per
 * request for facts that may be a little stale (a key's validity, a tenant's tier); the time to
 * live is how stale they may get. Bounded: when full it starts over rather than grow.
 */
public final class ExpiringCache<K, V> {

    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;
    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();

    public ExpiringCache(Duration ttl, int maxEntries, Clock clock) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /**
     * The cached value, or the loader's, cached when present. An empty answer is not cached, so a
     * key used right after its creation is found as soon as storage has it.
     */
    public Optional<V> get(K key, Function<K, Optional<V>> loader) {
        Instant now = clock.instant();
        Entry<V> entry = entries.get(key);
        if (entry != null && now.isBefore(entry.expiresAt())) {
            return Optional.of(entry.value());
        }
        Optional<V> loaded = loader.apply(key);
        if (loaded.isPresent()) {
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
            entries.put(key, new Entry<>(loaded.get(), now.plus(ttl)));
        } else {
            entries.remove(key);
        }
        return loaded;
    }

    /** Remembers a value for the time to live, whether or not a loader would find it. */
    public void put(K key, V value) {
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(key, new Entry<>(value, clock.instant().plus(ttl)));
    }

    public void invalidate(K key) {
        entries.remove(key);
    }

    /** Drops every entry whose value matches, for facts known by value rather than by key. */
    public void invalidateIf(Predicate<V> stale) {
        entries.values().removeIf(entry -> stale.test(entry.value()));
    }

    public Duration ttl() {
        return ttl;
    }

    private record Entry<V>(V value, Instant expiresAt) {}
}
