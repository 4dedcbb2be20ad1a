package io.comfyless.core.tenant;

import static io.comfyless.core.dynamo.Items.s;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Counts failed attempts per subject (a source address, an API key's prefix, an account) in fixed
 * windows, in the tenants table, so the count holds across every process. Past {@code allowed}
 * failures in a window the subject is blocked until the window ends. Only failures cost a write;
 * a process remembers which subjects it saw blocked, so a blocked subject's further attempts cost
 * nothing there, not even the lookup they came to make.
 */
public final class AttemptLimiter {

    private static final Logger log = LoggerFactory.getLogger(AttemptLimiter.class);
    private static final String COUNT = "failures";

    private final DynamoCounters counters;
    private final String kind;
    private final int allowed;
    private final Duration window;
    private final Clock clock;
    private final ExpiringCache<String, Instant> blockedUntil;

    AttemptLimiter(DynamoCounters counters, String kind, int allowed, Duration window, Clock clock) {
        this.counters = counters;
        this.kind = kind;
        this.allowed = allowed;
        this.window = window;
        this.clock = clock;
        this.blockedUntil = new ExpiringCache<>(window, 10_000, clock);
    }

    /** @param kind names the subjects counted (part of the stored key), such as {@code source} */
    public static AttemptLimiter dynamo(
            DynamoDbClient dynamo, String tenantsTable, String kind, int allowed, Duration window, Clock clock) {
        return new AttemptLimiter(new DynamoCounters(dynamo, tenantsTable), kind, allowed, window, clock);
    }

    /** How long the subject must still wait, as far as this process knows; empty when it may try. */
    public Optional<Duration> blocked(String subject) {
        Instant now = clock.instant();
        return blockedUntil
                .get(subject, unknown -> Optional.empty())
                .filter(until -> until.isAfter(now))
                .map(until -> Duration.between(now, until));
    }

    /**
     * Counts one failure; returns how long the subject is now blocked, empty while under the limit
     * (or when the count cannot be stored right now).
     */
    public Optional<Duration> failed(String subject) {
        Instant now = clock.instant();
        long number = now.toEpochMilli() / window.toMillis();
        Instant end = Instant.ofEpochMilli((number + 1) * window.toMillis());
        Map<String, AttributeValue> key =
                Map.of(TenantItems.PK, s("attempts#" + kind + "#" + subject), TenantItems.SK, s("window#" + number));
        long failures;
        try {
            failures = counters.add(key, COUNT, end.plus(window).getEpochSecond());
        } catch (SdkException storageDown) {
            // Counting is protection, not the answer: a refusal stays a refusal (401), never a 503.
            log.warn("Could not count a failed {} attempt: {}", kind, storageDown.toString());
            return Optional.empty();
        }
        if (failures <= allowed) {
            return Optional.empty();
        }
        blockedUntil.put(subject, end);
        return Optional.of(Duration.between(now, end));
    }

    public int allowed() {
        return allowed;
    }

    public Duration window() {
        return window;
    }
}
