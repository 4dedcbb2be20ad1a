package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * {@code POST /prompt}: numbering (a counter from boot, bumped even for rejected prompts; negated for {@code front};
 * an explicit {@code number} is a float), validation, the client's {@code prompt_id} stringified, and queueing.
 */
final class PromptIntake {

    private final PromptValidator validator;
    private final PromptQueue queue;
    private long counter;

    PromptIntake(PromptValidator validator, PromptQueue queue) {
        this.validator = validator;
        this.queue = queue;
    }

    /** @throws IllegalArgumentException where ComfyUI's handler would raise (answered 500) */
    Reply submit(JsonNode body) {
        if (body == null || body.isNull()) {
            throw new IllegalArgumentException("argument of type 'NoneType' is not iterable");
        }
        JsonNode number = number(body);
        if (!body.isObject() || !body.has("prompt")) {
            ObjectNode answer = ComfyUiJson.object();
            answer.set(
                    "error",
                    Validation.reason("no_prompt", "No prompt provided", "No prompt provided", ComfyUiJson.object()));
            answer.set("node_errors", ComfyUiJson.object());
            return Reply.json(400, answer);
        }
        String promptId = body.has("prompt_id")
                ? PythonText.str(body.get("prompt_id"))
                : UUID.randomUUID().toString();
        Validation validation = validator.validate(body.get("prompt"), body.get("partial_execution_targets"));
        ObjectNode extraData = extraData(body);
        ObjectNode answer = ComfyUiJson.object();
        if (!validation.valid()) {
            answer.set("error", validation.error());
            answer.set("node_errors", validation.nodeErrors());
            return Reply.json(400, answer);
        }
        queue.put(
                new QueueItem(number, promptId, (ObjectNode) body.get("prompt"), extraData, validation.goodOutputs()));
        answer.put("prompt_id", promptId);
        answer.set("number", number);
        answer.set("node_errors", validation.nodeErrors());
        return Reply.json(answer);
    }

    private synchronized JsonNode number(JsonNode body) {
        if (body.isObject() && body.has("number")) {
            JsonNode given = body.get("number");
            if (given.isNumber()) {
                return DoubleNode.valueOf(given.doubleValue());
            }
            if (given.isTextual()) {
                return DoubleNode.valueOf(Double.parseDouble(given.textValue().strip()));
            }
            throw new IllegalArgumentException("float() argument must be a string or a real number");
        }
        long number = counter++;
        boolean front = body.isObject() && ComfyUiJson.truthy(body.get("front"));
        return LongNode.valueOf(front ? -number : number);
    }

    private static ObjectNode extraData(JsonNode body) {
        JsonNode given = body.get("extra_data");
        ObjectNode extraData;
        if (given == null) {
            extraData = ComfyUiJson.object();
        } else if (given instanceof ObjectNode object) {
            extraData = object;
        } else {
            throw new IllegalArgumentException("extra_data must be an object");
        }
        if (body.has("client_id")) {
            extraData.set("client_id", body.get("client_id"));
        }
        return extraData;
    }
}
