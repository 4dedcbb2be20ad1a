package io.comfyless.core.error;

import java.util.List;

/** The request is malformed or breaks a rule; the details say which fields or nodes. */
public class ValidationException extends ApiException {

    public ValidationException(String message, List<ErrorDetail> details) {
        super(message, details);
    }

    public static ValidationException of(String code, String field, String message) {
        return new ValidationException(message, List.of(ErrorDetail.field(code, field, message)));
    }
}
