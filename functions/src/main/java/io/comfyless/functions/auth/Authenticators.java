package io.comfyless.functions.auth;

import io.comfyless.core.error.UnauthorizedException;

/** The authenticators a stack can run with. */
public final class Authenticators {

    private Authenticators() {
    }

    /** {@code ENABLE_AUTH=false}: every request acts for the one local tenant. Never the deployed default. */
    public static Authenticator open() {
        return request -> Caller.LOCAL;
    }

    /** {@code ENABLE_AUTH=true} with no credential store configured: fail closed. */
    public static Authenticator closed() {
        return request -> {
            throw new UnauthorizedException("Authentication is enabled on this stack and the request carries no valid credentials");
        };
    }
}
