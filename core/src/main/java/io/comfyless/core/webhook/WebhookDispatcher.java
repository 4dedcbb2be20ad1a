package io.comfyless.core.webhook;

import io.comfyless.contract.Webhooks;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.net.UrlGuard;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/**
 * Delivers one webhook event over HTTP, signed. The receiver URL is checked again here, after DNS
 * resolution, because a name that was public at submission may point inward by now; redirects are
 * never followed (a 3xx is a failed attempt), so a receiver cannot bounce us into the network.
 *
 * <p>Known limit: the address checked and the address connected to come from two lookups; a
 * receiver controlling its DNS with a zero TTL could still race them. Deployed stacks also run
 * the delivering function outside the VPC, where nothing private is reachable.
 */
public final class WebhookDispatcher {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final UrlGuard guard;
    private final SigningKeys keys;
    private final WebhookPolicy policy;
    private final Clock clock;
    private final WebhookPayload.OutputUrls outputUrls;
    private final HttpClient http;

    public WebhookDispatcher(UrlGuard guard, SigningKeys keys, WebhookPolicy policy, Clock clock) {
        this(guard, keys, policy, clock, WebhookPayload.OutputUrls.NONE);
    }

    /** @param outputUrls presigns each output's link, so that {@code output_urls} work when the event arrives */
    public WebhookDispatcher(
            UrlGuard guard, SigningKeys keys, WebhookPolicy policy, Clock clock, WebhookPayload.OutputUrls outputUrls) {
        this.guard = guard;
        this.keys = keys;
        this.policy = policy;
        this.clock = clock;
        this.outputUrls = outputUrls;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    public DeliveryResult deliver(WebhookMessage message, int attempt) {
        URI target;
        try {
            target = guard.check(message.url(), "webhook_url");
        } catch (ValidationException refused) {
            return new DeliveryResult(DeliveryResult.Outcome.REFUSED, refused.getMessage());
        }
        String secret = keys.secretFor(message);
        String body = WebhookPayload.render(message, attempt, policy.maxAttempts(), secret, outputUrls);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "ComfyLess-Webhooks/1")
                .header(Webhooks.SIGNATURE_HEADER, WebhookSigner.sign(secret, timestamp, body))
                .header(Webhooks.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(Webhooks.EVENT_ID_HEADER, message.eventId())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            int status =
                    http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return new DeliveryResult(
                    status / 100 == 2 ? DeliveryResult.Outcome.DELIVERED : DeliveryResult.Outcome.FAILED,
                    "HTTP " + status);
        } catch (IOException e) {
            return new DeliveryResult(DeliveryResult.Outcome.FAILED, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryResult(DeliveryResult.Outcome.FAILED, "interrupted");
        }
    }
}
