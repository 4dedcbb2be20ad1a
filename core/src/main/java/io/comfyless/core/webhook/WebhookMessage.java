package io.comfyless.core.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.json.Json;
import java.time.Instant;

/**
 * One webhook event waiting on the webhooks queue: who it is for, where it goes, and what it
 * says ({@link WebhookPayload} writes the body of each delivery). Events about the stack rather
 * than a job ({@code model.updated}, {@code system.*}) have no {@code jobId} and no
 * {@code seed001Event}. The signing secret is not in the message; the dispatcher looks it up when it delivers,
 * so secrets never sit in a queue or a dead-letter queue.
 *
 * @param data the event's {@code data} object (status, outputs, error, progress)
 */
public record WebhookMessage(
        String tenant,
        String jobId,
        String url,
        String eventId,
        String eventType,
        String seed001Event,
        Instant occurredAt,
        JsonNode data) {

    public String toJson() {
        return Json.write(this);
    }

    public static WebhookMessage fromJson(String json) {
        return Json.read(json, WebhookMessage.class);
    }
}
