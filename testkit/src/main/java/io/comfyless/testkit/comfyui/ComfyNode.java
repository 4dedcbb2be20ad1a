package io.comfyless.testkit.comfyui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * A node class the double can really run, mirroring a ComfyUI node: {@code INPUT_TYPES}/{@code RETURN_TYPES} as a
 * {@link NodeSchema}, the node function as {@link #execute}, and the optional {@code VALIDATE_INPUTS} and
 * {@code IS_CHANGED} hooks.
 */
interface ComfyNode {

    NodeSchema schema();

    NodeOutput execute(NodeContext context) throws IOException;

    /** Inputs that {@code VALIDATE_INPUTS} checks itself, so the generic min/max/choice checks skip them. */
    default Set<String> customValidatedInputs() {
        return Set.of();
    }

    /** {@code VALIDATE_INPUTS}: a failure text, or empty when the literal inputs are acceptable. */
    default Optional<String> customValidation(ObjectNode inputs) {
        return Optional.empty();
    }

    /** {@code IS_CHANGED}: a fingerprint of state outside the prompt (a file's hash), part of the cache key. */
    default Optional<String> fingerprint(ObjectNode inputs) throws IOException {
        return Optional.empty();
    }
}
