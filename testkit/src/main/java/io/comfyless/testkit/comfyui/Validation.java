package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The outcome of {@code validate_prompt}: either the outputs to execute (possibly with {@code node_errors} for
 * outputs that were dropped), or the top-level {@code error} that {@code POST /prompt} answers with 400.
 */
record Validation(ObjectNode error, List<String> goodOutputs, ObjectNode nodeErrors) {

    Validation {
        goodOutputs = List.copyOf(goodOutputs);
    }

    static Validation rejected(String type, String message, String details) {
        return new Validation(reason(type, message, details, ComfyUiJson.object()), List.of(), ComfyUiJson.object());
    }

    boolean valid() {
        return error == null;
    }

    /** The four-key shape of every ComfyUI validation error, top-level or per node. */
    static ObjectNode reason(String type, String message, String details, ObjectNode extraInfo) {
        ObjectNode reason =
                ComfyUiJson.object().put("type", type).put("message", message).put("details", details);
        reason.set("extra_info", extraInfo);
        return reason;
    }
}
