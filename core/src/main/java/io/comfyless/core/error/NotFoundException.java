package io.comfyless.core.error;

import java.util.List;

/** No such resource, or not one the caller may see (the two are deliberately indistinguishable). */
public final class NotFoundException extends ApiException {

    public NotFoundException(String message) {
        super(message, List.of());
    }

    public static NotFoundException job(String id) {
        return new NotFoundException("Execution '" + id + "' not found");
    }
}
