package io.comfyless.core.error;

import java.util.List;

/** No such resource, or not one the caller may see (the two are deliberately indistinguishable). */
public final class NotFoundException extends ApiException {

    public NotFoundException(String message) {
        super(message, List.of());
    }

    /** {@code <what> '<id>' not found}, as every missing thing is reported. */
    public static NotFoundException of(String what, String id) {
        return new NotFoundException(what + " '" + id + "' not found");
    }

    public static NotFoundException job(String id) {
        return of("Execution", id);
    }
}
