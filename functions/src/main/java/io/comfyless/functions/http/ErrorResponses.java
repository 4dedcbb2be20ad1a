package io.comfyless.functions.http;

import io.comfyless.core.error.ApiException;
import io.comfyless.core.error.ConflictException;
import io.comfyless.core.error.ForbiddenException;
import io.comfyless.core.error.MalformedJsonException;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.error.PayloadTooLargeException;
import io.comfyless.core.error.RateLimitedException;
import io.comfyless.core.error.ServiceUnavailableException;
import io.comfyless.core.error.UnauthorizedException;
import io.comfyless.core.error.UnprocessableWorkflowException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.error.WorkflowValidationException;
import io.comfyless.core.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Maps failures to HTTP, in one place. Client mistakes get their 4xx and a message that says what
 * to fix; an AWS dependency failing is a 503; anything else is a 500 whose body names only the
 * request id (the stack trace goes to the log, never to the client).
 */
public final class ErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {}

    public static ApiResponse from(RuntimeException failure, ApiRequest request) {
        if (failure instanceof ApiException api) {
            ErrorBody body = bodyOf(failure, request);
            if (api instanceof RateLimitedException limited) {
                String seconds = Long.toString(limited.retryAfterSeconds());
                return ApiResponse.json(429, body.withRetryInfo(retryInfo(limited)))
                        .withHeader("Retry-After", seconds)
                        .withHeader("X-RateLimit-Retry-After", seconds);
            }
            ApiResponse response = ApiResponse.json(status(api), body);
            if (api instanceof MethodNotAllowedException notAllowed) {
                response = response.withHeader("Allow", String.join(", ", notAllowed.allowed()));
            }
            return response;
        }
        if (failure instanceof SdkException) {
            log.error(
                    "AWS dependency failed while serving {} {} [request {}]",
                    request.method(),
                    request.path(),
                    request.requestId(),
                    failure);
            return error(
                    503, "service_unavailable", "A storage or queue service is unavailable; retry shortly", request);
        }
        log.error(
                "Unexpected failure serving {} {} [request {}]",
                request.method(),
                request.path(),
                request.requestId(),
                failure);
        return error(
                500,
                "internal_error",
                "Internal error; quote request_id " + request.requestId() + " when reporting it",
                request);
    }

    /**
     * The error body for {@code failure}, as {@link #from} would answer it: a client mistake in its own
     * words, an AWS failure as 503, anything else as 500 naming only the request (and logged).
     */
    public static ErrorBody bodyOf(RuntimeException failure, ApiRequest request) {
        if (failure instanceof ApiException api) {
            ErrorBody body = ErrorBody.of(type(api), status(api), api.getMessage(), api.details(), request);
            return api instanceof WorkflowValidationException workflow
                    ? body.withWorkflowFaults(workflow.missingNodeTypes(), workflow.invalidConnections())
                    : body;
        }
        ApiResponse response = from(failure, request);
        return Json.read(response.body(), ErrorBody.class);
    }

    public static ApiResponse error(int status, String type, String message, ApiRequest request) {
        return ApiResponse.json(status, ErrorBody.of(type, status, message, List.of(), request));
    }

    /**
     * When and whether to try again, with the figures of the limit that was hit ({@code max_concurrent},
     * {@code requests_per_minute}, ...): a client of {@code /v1/workflows/execute} reads them here.
     */
    private static Map<String, Object> retryInfo(RateLimitedException limited) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("retryable", true);
        info.put("retry_after", limited.retryAfterSeconds());
        info.put("retry_delay", limited.retryAfterSeconds());
        info.putAll(limited.limits());
        return info;
    }

    /** Headers every response carries: the request id, the API version, and no caching of API answers. */
    static ApiResponse withCommonHeaders(ApiResponse response, ApiRequest request) {
        return response.withHeader("X-Request-Id", request.requestId())
                .withHeader("API-Version", "v1")
                .withHeader("X-API-Version", ApiVersion.CURRENT)
                .withHeader("Cache-Control", "no-store");
    }

    static int status(ApiException e) {
        return kindOf(e).status();
    }

    static String type(ApiException e) {
        return kindOf(e).type();
    }

    private static Kind kindOf(ApiException e) {
        return KINDS.stream()
                .filter(kind -> kind.exception().isInstance(e))
                .findFirst()
                .orElse(INTERNAL);
    }

    /** Most specific first: the first class that matches decides. */
    private static final List<Kind> KINDS = List.of(
            new Kind(MalformedJsonException.class, 400, "invalid_json"),
            new Kind(WorkflowValidationException.class, 400, "workflow_validation_failed"),
            new Kind(ValidationException.class, 400, "validation_error"),
            new Kind(UnauthorizedException.class, 401, "unauthorized"),
            new Kind(ForbiddenException.class, 403, "forbidden"),
            new Kind(NotFoundException.class, 404, "not_found"),
            new Kind(MethodNotAllowedException.class, 405, "method_not_allowed"),
            new Kind(ConflictException.class, 409, "conflict"),
            new Kind(PayloadTooLargeException.class, 413, "payload_too_large"),
            new Kind(UnprocessableWorkflowException.class, 422, "unprocessable_workflow"),
            new Kind(RateLimitedException.class, 429, "rate_limit_exceeded"),
            new Kind(ServiceUnavailableException.class, 503, "service_unavailable"));

    private static final Kind INTERNAL = new Kind(ApiException.class, 500, "internal_error");

    private record Kind(Class<? extends ApiException> exception, int status, String type) {}
}
