package io.comfyless.core.error;

import java.util.List;

/** The body is not JSON at all, or not JSON ComfyLess can take as it is (trailing content, numbers out of range). */
public final class MalformedJsonException extends ValidationException {

    public MalformedJsonException(String where, String problem) {
        this(where, problem, ErrorDetail.field(ErrorCodes.INVALID_JSON, where, problem));
    }

    /** With a detail that says more precisely where (a number's place in the body, its node and input). */
    public MalformedJsonException(String where, String problem, ErrorDetail detail) {
        super("Malformed JSON in " + where + ": " + problem, List.of(detail));
    }
}
