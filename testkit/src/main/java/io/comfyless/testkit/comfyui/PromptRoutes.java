package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** The queue and history routes: {@code /prompt}, {@code /queue}, {@code /history}, {@code /interrupt}, {@code /free}. */
final class PromptRoutes {

    private final PromptIntake intake;
    private final PromptQueue queue;
    private final HistoryStore history;
    private final ExecutionControl control;
    private final AtomicBoolean freeMemory;

    PromptRoutes(
            PromptIntake intake,
            PromptQueue queue,
            HistoryStore history,
            ExecutionControl control,
            AtomicBoolean freeMemory) {
        this.intake = intake;
        this.queue = queue;
        this.history = history;
        this.control = control;
        this.freeMemory = freeMemory;
    }

    void register(ComfyUiRouter router) {
        router.post("/prompt", call -> intake.submit(call.json()))
                .get("/prompt", call -> Reply.json(queueInfo()))
                .get("/queue", call -> getQueue())
                .post("/queue", this::postQueue)
                .get("/history", this::getHistory)
                .get("/history/{prompt_id}", call -> Reply.json(history.get(call.path("prompt_id"))))
                .post("/history", this::postHistory)
                .post("/interrupt", this::postInterrupt)
                .post("/free", this::postFree);
    }

    private ObjectNode queueInfo() {
        ObjectNode execInfo = ComfyUiJson.object().put("queue_remaining", queue.remaining());
        return ComfyUiJson.object().set("exec_info", execInfo);
    }

    private Reply getQueue() {
        ObjectNode answer = ComfyUiJson.object();
        answer.set("queue_running", items(queue.running()));
        answer.set("queue_pending", items(queue.pending()));
        return Reply.json(answer);
    }

    private Reply postQueue(HttpCall call) {
        JsonNode body = call.json();
        if (ComfyUiJson.truthy(body.get("clear"))) {
            queue.clear();
        }
        for (JsonNode id : body.path("delete")) {
            if (id.isTextual()) {
                queue.delete(id.textValue());
            }
        }
        return Reply.empty(200);
    }

    private Reply getHistory(HttpCall call) {
        Integer maxItems = call.query("max_items") == null
                ? null
                : Integer.parseInt(call.query("max_items").strip());
        int offset = call.query("offset") == null
                ? -1
                : Integer.parseInt(call.query("offset").strip());
        return Reply.json(history.list(maxItems, offset));
    }

    private Reply postHistory(HttpCall call) {
        JsonNode body = call.json();
        if (ComfyUiJson.truthy(body.get("clear"))) {
            history.clear();
        }
        for (JsonNode id : body.path("delete")) {
            history.delete(PythonText.str(id));
        }
        return Reply.empty(200);
    }

    /** With a prompt_id, only if that prompt is running; without, whatever runs. Idle, it changes nothing. */
    private Reply postInterrupt(HttpCall call) {
        JsonNode body;
        try {
            body = call.json();
        } catch (RuntimeException malformedOrEmpty) {
            body = ComfyUiJson.object();
        }
        JsonNode promptId = body == null ? null : body.get("prompt_id");
        if (!ComfyUiJson.truthy(promptId)) {
            control.requestInterrupt();
        } else if (queue.isRunning(PythonText.str(promptId))) {
            control.requestInterrupt();
        }
        return Reply.empty(200);
    }

    private Reply postFree(HttpCall call) {
        if (ComfyUiJson.truthy(call.json().get("free_memory"))) {
            freeMemory.set(true);
        }
        return Reply.empty(200);
    }

    private static ArrayNode items(List<QueueItem> items) {
        ArrayNode array = ComfyUiJson.array();
        items.forEach(item -> array.add(item.toJson()));
        return array;
    }
}
