package io.comfyless.core.error;

import java.util.List;

/**
 * Well-formed, but not something ComfyLess will run: a UI-format export, a blocked node type, a
 * template that does not exist.
 */
public final class UnprocessableWorkflowException extends ApiException {

    public UnprocessableWorkflowException(String message, List<ErrorDetail> details) {
        super(message, details);
    }
}
