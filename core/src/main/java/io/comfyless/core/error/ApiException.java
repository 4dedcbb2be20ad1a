package io.comfyless.core.error;

import java.util.List;

/**
 * A failure the caller can act on. Subclasses say what kind; the HTTP layer maps each kind to a
 * status code in one place. Messages are written for the client: they never carry stack traces,
 * secrets or internal names.
 */
public abstract class ApiException extends RuntimeException {

    private final transient List<ErrorDetail> details;

    protected ApiException(String message, List<ErrorDetail> details) {
        super(message, null, false, false);
        this.details = List.copyOf(details);
    }

    public List<ErrorDetail> details() {
        return details;
    }
}
