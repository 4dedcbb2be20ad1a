package io.comfyless.functions.http;

import io.comfyless.core.error.ApiException;
import java.util.List;
import java.util.Set;

/** The path exists, but not with this method. */
final class MethodNotAllowedException extends ApiException {

    private final transient Set<String> allowed;

    MethodNotAllowedException(String method, String path, Set<String> allowed) {
        super(method + " is not supported on " + path + "; use " + String.join(", ", allowed), List.of());
        this.allowed = Set.copyOf(allowed);
    }

    Set<String> allowed() {
        return allowed;
    }
}
