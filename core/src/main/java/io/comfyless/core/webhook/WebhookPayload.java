package io.comfyless.core.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The body of one delivery attempt, in both webhook shapes at once: the execution events'
 * ({@code event_type}, {@code event_id}, {@code data.results.output_urls}, {@code data.metrics},
 * {@code signature}, {@code delivery_attempt}, {@code max_retries}) and the workflow events'
 * ({@code event}, {@code status}, {@code workflow_result}).
 *
 * <p>{@code signature} is {@code sha256=<hex HMAC-SHA256(secret, payload)>} where the payload is
 * the body without its {@code signature} member, written as Python's {@code json.dumps} writes it
 * ({@link JsonDumps}); the whole body is written the same way. So a receiver verifies with
 * {@code verify_webhook_signature(json.dumps(body_without_signature), body["signature"], secret)}.
 * The timestamped signature in the {@code X-ComfyLess-Signature} header covers the whole body as sent.
 */
public final class WebhookPayload {

    private static final String ALGORITHM = "HmacSHA256";

    private WebhookPayload() {}

    /** Presigned GET links for output keys, made at delivery so they are fresh when received. */
    @FunctionalInterface
    public interface OutputUrls {

        OutputUrls NONE = (key, filename) -> null;

        String url(String key, String filename);
    }

    /** The body as sent, signature included. */
    public static String render(
            WebhookMessage message, int deliveryAttempt, int maxAttempts, String secret, OutputUrls urls) {
        ObjectNode body = Json.object();
        body.put("event_type", message.eventType());
        body.put("event_id", message.eventId());
        body.put("timestamp", message.occurredAt().toString());
        if (message.jobId() != null) {
            body.put("execution_id", message.jobId());
            body.put("event", message.seed001Event());
            body.put("status", message.data().path("status").asText(null));
        }
        ObjectNode data = message.data().deepCopy();
        ArrayNode links = Json.mapper().createArrayNode();
        if (data.path("results").isObject()) {
            ObjectNode results = (ObjectNode) data.get("results");
            for (JsonNode output : results.path("outputs")) {
                String url = urls.url(
                        output.path("key").asText(), output.path("filename").asText());
                if (url != null) {
                    links.add(url);
                    ((ObjectNode) output).put("url", url);
                }
            }
            results.set("output_urls", links);
        }
        body.set("data", data);
        if (message.jobId() != null) {
            body.set("workflow_result", workflowResult(message, data));
        }
        body.put("delivery_attempt", deliveryAttempt);
        body.put("max_retries", Math.max(0, maxAttempts - 1));
        body.put("max_attempts", maxAttempts);
        String payload = JsonDumps.write(body);
        ObjectNode signed = Json.object();
        body.fields().forEachRemaining(field -> {
            if (field.getKey().equals("delivery_attempt")) {
                signed.put("signature", sign(secret, payload));
            }
            signed.set(field.getKey(), field.getValue());
        });
        return JsonDumps.write(signed);
    }

    /** {@code sha256=<hex HMAC-SHA256(secret, payload)>}, as the receiver's check recomputes it. */
    public static String sign(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    /** The workflow events' {@code workflow_result}: the execution with its outputs by kind. */
    private static ObjectNode workflowResult(WebhookMessage message, JsonNode data) {
        ObjectNode result = Json.object();
        result.put("execution_id", message.jobId());
        result.put("status", data.path("status").asText(null));
        ObjectNode outputs = result.putObject("outputs");
        ArrayNode images = outputs.putArray("images");
        for (JsonNode output : data.path("results").path("outputs")) {
            String type = output.path("content_type").asText("");
            ArrayNode kind = type.startsWith("image/")
                    ? images
                    : outputs.withArray(
                            type.startsWith("video/") ? "videos" : type.startsWith("audio/") ? "audio" : "files");
            ObjectNode file = kind.addObject();
            file.put("filename", output.path("filename").asText());
            file.set("url", output.path("url"));
            file.set("width", output.path("width"));
            file.set("height", output.path("height"));
        }
        result.set("duration_seconds", data.path("execution_time"));
        return result;
    }
}
