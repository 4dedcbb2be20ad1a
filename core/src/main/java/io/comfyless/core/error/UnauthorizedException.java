package io.comfyless.core.error;

import java.util.List;

/** No credentials, or credentials that are not (or no longer) valid. */
public final class UnauthorizedException extends ApiException {

    public UnauthorizedException(String message) {
        super(message, List.of());
    }
}
