package io.comfyless.functions.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.comfyless.core.catalog.InvalidConnection;
import io.comfyless.core.error.ErrorDetail;
import java.util.List;

/**
 * The one error body: {@code {"error", "code", "message", "details", "request_id"}}. {@code error}
 * is a stable machine word, {@code code} the HTTP status (as in seed 000), {@code details} the
 * fields or workflow nodes at fault. A workflow refused for what ComfyUI would refuse also lists
 * {@code missing_node_types} and {@code invalid_connections}, when there are any.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ErrorBody(
        String error,
        int code,
        String message,
        List<ErrorDetail> details,
        String requestId,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> missingNodeTypes,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<InvalidConnection> invalidConnections) {

    public ErrorBody(String error, int code, String message, List<ErrorDetail> details, String requestId) {
        this(error, code, message, details, requestId, List.of(), List.of());
    }
}
