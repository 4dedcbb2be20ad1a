package io.comfyless.core.webhook;

import io.comfyless.contract.Webhooks;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.net.GuardedHttp;
import io.comfyless.core.net.UrlGuard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Delivers one webhook event over HTTP, signed. The receiver URL is checked again here, after DNS
 * resolution, because a name that was public at submission may point inward by now, and the
 * request goes to the very address that was checked ({@link GuardedHttp}); redirects are never
 * followed (a 3xx is a failed attempt), so a receiver cannot bounce us into the network.
 */
public final class WebhookDispatcher {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final UrlGuard guard;
    private final SigningKeys keys;
    private final WebhookPolicy policy;
    private final Clock clock;
    private final GuardedHttp http;

    public WebhookDispatcher(UrlGuard guard, SigningKeys keys, WebhookPolicy policy, Clock clock) {
        this.guard = guard;
        this.keys = keys;
        this.policy = policy;
        this.clock = clock;
        this.http = new GuardedHttp(guard, CONNECT_TIMEOUT, REQUEST_TIMEOUT);
    }

    public DeliveryResult deliver(WebhookMessage message, int attempt) {
        UrlGuard.CheckedUrl target;
        try {
            target = guard.resolve(message.url(), "webhook_url");
        } catch (ValidationException refused) {
            return new DeliveryResult(DeliveryResult.Outcome.REFUSED, refused.getMessage());
        }
        String body = message.body(attempt, policy.maxAttempts());
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = Map.of(
                "User-Agent",
                "ComfyLess-Webhooks/1",
                Webhooks.SIGNATURE_HEADER,
                WebhookSigner.sign(keys.secretFor(message), timestamp, body),
                Webhooks.TIMESTAMP_HEADER,
                Long.toString(timestamp),
                Webhooks.EVENT_ID_HEADER,
                message.eventId());
        try (GuardedHttp.Response response =
                http.post(target, headers, body.getBytes(StandardCharsets.UTF_8), "application/json")) {
            int status = response.status();
            return new DeliveryResult(
                    status / 100 == 2 ? DeliveryResult.Outcome.DELIVERED : DeliveryResult.Outcome.FAILED,
                    "HTTP " + status);
        } catch (IOException e) {
            return new DeliveryResult(DeliveryResult.Outcome.FAILED, e.toString());
        }
    }
}
