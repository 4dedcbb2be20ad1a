package io.comfyless.core.error;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One precise reason a request was refused: a machine code, a sentence, and where it applies
 * (a request field, or a workflow node and input).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorDetail(String code, String message, String field, String nodeId, String input) {

    public static ErrorDetail field(String code, String field, String message) {
        return new ErrorDetail(code, message, field, null, null);
    }

    public static ErrorDetail node(String code, String nodeId, String input, String message) {
        return new ErrorDetail(code, message, null, nodeId, input);
    }
}
