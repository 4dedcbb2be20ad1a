package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** What an execution leaves for the history entry: outcome, status messages, UI outputs and their meta. */
record ExecutionReport(
        ExecutionLog.Outcome outcome,
        ArrayNode messages,
        ObjectNode outputs,
        ObjectNode meta,
        List<String> executedNodes) {

    boolean success() {
        return outcome == ExecutionLog.Outcome.SUCCESS;
    }

    /** {@code {"status_str", "completed", "messages"}}; an interrupt is an "error" too. */
    ObjectNode status() {
        ObjectNode status = ComfyUiJson.object()
                .put("status_str", success() ? "success" : "error")
                .put("completed", success());
        status.set("messages", messages);
        return status;
    }
}
