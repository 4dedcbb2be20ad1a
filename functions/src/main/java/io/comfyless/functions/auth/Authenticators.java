package io.comfyless.functions.auth;

import io.comfyless.core.account.Accounts;
import io.comfyless.core.error.UnauthorizedException;
import io.comfyless.core.tenant.ApiKeySecrets;
import io.comfyless.core.tenant.ApiKeyType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The authenticators a stack can run with; {@code ApiFactory} picks one from {@code ENABLE_AUTH}. */
public final class Authenticators {

    private static final Logger log = LoggerFactory.getLogger(Authenticators.class);

    private Authenticators() {}

    /** {@code ENABLE_AUTH=false}: every request acts for the one local tenant. Never the deployed default. */
    public static Authenticator open() {
        return request -> Caller.LOCAL;
    }

    /**
     * {@code ENABLE_AUTH=true}: a bearer token is an API key when it has a key's prefix, otherwise
     * a user's access token. Anything else is a 401.
     */
    public static Authenticator bearer(ApiKeyAuthenticator keys, Accounts accounts) {
        return request -> {
            String token = BearerToken.from(request)
                    .orElseThrow(() -> new UnauthorizedException(
                            "Authentication required: send 'Authorization: Bearer <API key or access token>'"));
            var type = ApiKeyType.ofKey(token);
            if (type.isEmpty()) {
                return Caller.of(accounts.authenticate(token));
            }
            return keys.authenticate(token).orElseThrow(() -> {
                // Only the display prefix is logged: enough to trace a leaked or stale key, useless to anyone reading
                // logs.
                log.info(
                        "Refused API key {} [request {}]",
                        ApiKeySecrets.displayPrefix(type.get(), token),
                        request.requestId());
                return new UnauthorizedException("Invalid or revoked API key");
            });
        };
    }
}
