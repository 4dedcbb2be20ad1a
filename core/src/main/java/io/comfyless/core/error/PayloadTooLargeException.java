package io.comfyless.core.error;

import java.util.List;

/** The body is larger than the API accepts. */
public final class PayloadTooLargeException extends ApiException {

    public PayloadTooLargeException(long size, long limit) {
        this(
                "Request body of " + size + " bytes exceeds the limit of " + limit + " bytes",
                List.of(ErrorDetail.field(ErrorCodes.PAYLOAD_TOO_LARGE, "body", "at most " + limit + " bytes")));
    }

    /** With a message that says where such a request should go instead. */
    public PayloadTooLargeException(String message, List<ErrorDetail> details) {
        super(message, details);
    }
}
