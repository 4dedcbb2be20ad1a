package io.comfyless.core.error;

import java.util.List;

/** The body is not JSON at all. */
public final class MalformedJsonException extends ValidationException {

    public MalformedJsonException(String where, String problem) {
        super(
                "Malformed JSON in " + where + ": " + problem,
                List.of(ErrorDetail.field(ErrorCodes.INVALID_JSON, where, problem)));
    }
}
