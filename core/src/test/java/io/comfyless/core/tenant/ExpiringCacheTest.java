package io.comfyless.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.testkit.fixtures.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExpiringCacheTest {

    private final TestClock clock = new TestClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final ExpiringCache<String, String> cache = new ExpiringCache<>(Duration.ofSeconds(30), 100, clock);
    private final AtomicInteger loads = new AtomicInteger();

    private Optional<String> load(String key) {
        loads.incrementAndGet();
        return Optional.of(key + "-" + loads.get());
    }

    @Test
    void servesTheCachedValueUntilItExpires() {
        assertThat(cache.get("a", this::load)).contains("a-1");
        clock.advance(Duration.ofSeconds(29));
        assertThat(cache.get("a", this::load)).contains("a-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get("a", this::load)).contains("a-2");
    }

    @Test
    void doesNotRememberAbsence() {
        assertThat(cache.get("a", key -> Optional.empty())).isEmpty();
        assertThat(cache.get("a", this::load)).contains("a-1");
    }

    @Test
    void invalidatingForcesAFreshLoad() {
        cache.get("a", this::load);
        cache.invalidate("a");
        assertThat(cache.get("a", this::load)).contains("a-2");
    }

    @Test
    void staysWithinItsBound() {
        ExpiringCache<Integer, Integer> small = new ExpiringCache<>(Duration.ofMinutes(1), 3, clock);
        for (int i = 0; i < 10; i++) {
            int value = i;
            small.get(value, key -> Optional.of(value));
        }
        AtomicInteger reloaded = new AtomicInteger();
        small.get(0, key -> {
            reloaded.incrementAndGet();
            return Optional.of(0);
        });
        assertThat(reloaded).hasValue(1);
    }
}
