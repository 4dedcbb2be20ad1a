package io.comfyless.functions.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.comfyless.core.catalog.InvalidConnection;
import io.comfyless.core.error.ErrorDetail;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one error body: {@code {"error", "code", "message", "details", "timestamp", "request_id",
 * "status", "error_code"}}. {@code error} is a stable machine word and {@code code} the HTTP status
 * (as {@code /api/v1/tasks} clients read them), {@code details} the fields or workflow nodes at
 * fault, {@code timestamp} when the request was received; {@code status: "error"} and the upper-case
 * {@code error_code} are what {@code /v1/workflows/execute} clients read. A 429 adds
 * {@code retry_info}. A workflow refused for what ComfyUI would refuse also lists
 * {@code missing_node_types} and {@code invalid_connections}, when there are any.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ErrorBody(
        String error,
        int code,
        String message,
        List<ErrorDetail> details,
        Instant timestamp,
        String requestId,
        String status,
        String errorCode,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> retryInfo,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> missingNodeTypes,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<InvalidConnection> invalidConnections) {

    public static ErrorBody of(String error, int code, String message, List<ErrorDetail> details, ApiRequest request) {
        return new ErrorBody(
                error,
                code,
                message,
                details,
                request.receivedAt(),
                request.requestId(),
                "error",
                error.toUpperCase(Locale.ROOT),
                null,
                List.of(),
                List.of());
    }

    /** A refusal made before any route ran (the local gateway's own 413 and 500). */
    public static ErrorBody of(String error, int code, String message, String requestId, Instant at) {
        return new ErrorBody(
                error,
                code,
                message,
                List.of(),
                at,
                requestId,
                "error",
                error.toUpperCase(Locale.ROOT),
                null,
                List.of(),
                List.of());
    }

    public ErrorBody withRetryInfo(Map<String, Object> info) {
        return with(info, missingNodeTypes, invalidConnections);
    }

    /** The same body, listing what ComfyUI would refuse in the workflow. */
    public ErrorBody withWorkflowFaults(List<String> missing, List<InvalidConnection> invalid) {
        return with(retryInfo, List.copyOf(missing), List.copyOf(invalid));
    }

    private ErrorBody with(Map<String, Object> retry, List<String> missing, List<InvalidConnection> invalid) {
        return new ErrorBody(
                error, code, message, details, timestamp, requestId, status, errorCode, retry, missing, invalid);
    }
}
