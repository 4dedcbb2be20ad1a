package io.comfyless.core.error;

import java.util.List;

/** The body is larger than the API accepts. */
public final class PayloadTooLargeException extends ApiException {

    public PayloadTooLargeException(long size, long limit) {
        super(
                "Request body of " + size + " bytes exceeds the limit of " + limit + " bytes",
                List.of(ErrorDetail.field(ErrorCodes.PAYLOAD_TOO_LARGE, "body", "at most " + limit + " bytes")));
    }
}
