package io.comfyless.core.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.json.Json;
import java.time.Instant;

/**
 * One webhook event waiting on the webhooks queue: who it is for, where it goes, and what it
 * says. The signing secret is not in the message; the dispatcher looks it up when it delivers,
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

    /** The body as sent for one delivery attempt; the attempt number is part of what is signed. */
    public String body(int deliveryAttempt, int maxAttempts) {
        ObjectNode body = Json.object();
        body.put("event_id", eventId);
        body.put("event_type", eventType);
        body.put("event", seed001Event);
        body.put("timestamp", occurredAt.toString());
        body.put("execution_id", jobId);
        body.put("status", data.path("status").asText(null));
        body.set("data", data);
        body.put("delivery_attempt", deliveryAttempt);
        body.put("max_attempts", maxAttempts);
        return Json.write(body);
    }

    public String toJson() {
        return Json.write(this);
    }

    public static WebhookMessage fromJson(String json) {
        return Json.read(json, WebhookMessage.class);
    }
}
