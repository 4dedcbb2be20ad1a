package io.comfyless.core.tenant;

import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ValidationException;
import java.util.Arrays;
import java.util.Optional;

/**
 * A permission a credential carries. Each API route requires one; secret keys and users hold them
 * all, public keys only those their {@link ApiKeyType} allows.
 */
public enum Scope {
    /** Read executions: list, get, status, results (presigned links), logs. */
    WORKFLOWS_READ("workflows:read"),
    /** Spend GPU time: submit, retry and cancel executions. */
    WORKFLOWS_WRITE("workflows:write"),
    /** Read queue depth and wait estimates. */
    QUEUE_READ("queue:read"),
    /** Create, list and revoke the tenant's API keys. */
    KEYS_ADMIN("keys:admin");

    private final String wire;

    Scope(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<Scope> fromWire(String value) {
        return Arrays.stream(values()).filter(scope -> scope.wire.equals(value)).findFirst();
    }

    public static Scope parse(String value, String field) {
        return fromWire(value)
                .orElseThrow(() -> ValidationException.of(
                        ErrorCodes.INVALID_VALUE,
                        field,
                        "Unknown scope '" + value
                                + "'; known scopes: workflows:read, workflows:write, queue:read, keys:admin"));
    }
}
