package io.comfyless.core.error;

import java.util.List;

/** The request contradicts the resource's current state or an earlier request with the same key. */
public final class ConflictException extends ApiException {

    public ConflictException(String message, List<ErrorDetail> details) {
        super(message, details);
    }

    public ConflictException(String message) {
        this(message, List.of());
    }
}
