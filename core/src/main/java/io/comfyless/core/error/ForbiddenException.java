package io.comfyless.core.error;

import java.util.List;

/** Valid credentials that lack a scope the operation needs. */
public final class ForbiddenException extends ApiException {

    public ForbiddenException(String message) {
        super(message, List.of());
    }
}
