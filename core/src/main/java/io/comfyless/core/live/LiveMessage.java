package io.comfyless.core.live;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.comfyless.core.json.Json;
import java.time.Instant;
import java.util.UUID;

/**
 * One frame the server sends a live client, in the shape the README and {@code asyncapi.json}
 * document: a {@code type} from the seeds' event names, an {@code id}, a {@code timestamp}, the job (or
 * channel) it is about, and a {@code data} object.
 *
 * @param executionId set on job events
 * @param batchId     set on job events of a batch
 * @param channel     set on download, queue and fleet events
 */
@JsonPropertyOrder({"type", "id", "timestamp", "execution_id", "batch_id", "channel", "data"})
public record LiveMessage(
        String type, String id, Instant timestamp, String executionId, String batchId, String channel, Object data) {

    public static final String SUBSCRIBED = "subscribed";
    public static final String UNSUBSCRIBED = "unsubscribed";
    public static final String PONG = "pong";
    public static final String ERROR = "error";

    /** An answer to something the client sent: a fresh id, no job or channel. */
    public static LiveMessage reply(String type, Instant at, Object data) {
        return new LiveMessage(
                type, "msg_" + UUID.randomUUID().toString().replace("-", ""), at, null, null, null, data);
    }

    public String json() {
        return Json.write(this);
    }
}
