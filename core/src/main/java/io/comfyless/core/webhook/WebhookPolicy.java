package io.comfyless.core.webhook;

import io.comfyless.contract.Webhooks;
import io.comfyless.core.net.UrlGuard;
import io.comfyless.core.retry.Backoff;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where webhooks may go and how often they are tried. Deployed stacks keep the defaults: https
 * only, public addresses only, {@value Webhooks#DEFAULT_MAX_ATTEMPTS} attempts with exponential
 * backoff. {@code allowInsecure} opens http and loopback/private receivers for local use and tests.
 */
public record WebhookPolicy(boolean allowInsecure, int maxAttempts, Duration retryBase) {

    public static WebhookPolicy defaults() {
        return new WebhookPolicy(
                false, Webhooks.DEFAULT_MAX_ATTEMPTS, Duration.ofSeconds(Webhooks.DEFAULT_RETRY_BASE_SECONDS));
    }

    public static WebhookPolicy from(Function<String, String> env) {
        return new WebhookPolicy(
                value(env, Webhooks.ALLOW_INSECURE_ENV_VAR)
                        .map(Boolean::parseBoolean)
                        .orElse(false),
                value(env, Webhooks.MAX_ATTEMPTS_ENV_VAR).map(Integer::parseInt).orElse(Webhooks.DEFAULT_MAX_ATTEMPTS),
                Duration.ofSeconds(value(env, Webhooks.RETRY_BASE_SECONDS_ENV_VAR)
                        .map(Long::parseLong)
                        .orElse((long) Webhooks.DEFAULT_RETRY_BASE_SECONDS)));
    }

    /** The guard for receiver URLs, resolving names through the system resolver. */
    public UrlGuard guard() {
        return new UrlGuard(allowInsecure, allowInsecure, InetAddress::getAllByName);
    }

    /** How long to wait after failed attempt {@code attempt} (1-based): base * 2^(attempt-1), capped. */
    public Duration retryDelay(int attempt) {
        Duration max = Duration.ofSeconds(Webhooks.MAX_RETRY_DELAY_SECONDS);
        return Backoff.exponential(retryBase.compareTo(max) < 0 ? retryBase : max, max)
                .delay(attempt);
    }

    private static Optional<String> value(Function<String, String> env, String name) {
        return Optional.ofNullable(env.apply(name)).map(String::trim).filter(v -> !v.isEmpty());
    }
}
