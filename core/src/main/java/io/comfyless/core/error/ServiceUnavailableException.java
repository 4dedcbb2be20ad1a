package io.comfyless.core.error;

import java.util.List;

/** A dependency is down or overloaded; the request may succeed later. */
public final class ServiceUnavailableException extends ApiException {

    public ServiceUnavailableException(String message) {
        super(message, List.of());
    }
}
