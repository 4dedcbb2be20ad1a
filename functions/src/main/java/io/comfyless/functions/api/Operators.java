package io.comfyless.functions.api;

import io.comfyless.core.error.ForbiddenException;
import io.comfyless.core.tenant.Scope;
import io.comfyless.functions.auth.Caller;
import java.util.Set;

/**
 * Who may change what every tenant shares: the model store and the GPU fleet. Tenant credentials are scoped
 * to one tenant, so holding every scope of one's own tenant is not enough: the caller must also
 * hold {@code keys:admin} (which public keys never do) and belong to one of the stack's operator
 * tenants. A stack without authentication (local use) has one tenant, which operates it.
 */
final class Operators {

    private final boolean authEnabled;
    private final Set<String> tenants;

    Operators(boolean authEnabled, Set<String> tenants) {
        this.authEnabled = authEnabled;
        this.tenants = Set.copyOf(tenants);
    }

    /** @throws ForbiddenException (403) unless the caller operates this stack */
    Caller require(Caller caller) {
        return require(caller, "The model store");
    }

    /** As {@link #require(Caller)}, naming {@code what} the caller tried to change in the refusal. */
    Caller require(Caller caller, String what) {
        caller.require(Scope.KEYS_ADMIN);
        if (authEnabled && !tenants.contains(caller.tenantId())) {
            throw new ForbiddenException(what + " is shared by every tenant; only the stack's operators may change it");
        }
        return caller;
    }
}
