package io.comfyless.functions.auth;

import io.comfyless.core.account.Accounts;
import io.comfyless.core.error.UnauthorizedException;
import io.comfyless.core.tenant.ApiKeySecrets;
import io.comfyless.core.tenant.ApiKeyType;
import io.comfyless.functions.http.ApiRequest;
import java.util.Optional;
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
     * a user's access token. Anything else is a 401; repeated failures are a 429 ({@link AuthThrottle}).
     */
    public static Authenticator bearer(ApiKeyAuthenticator keys, Accounts accounts, AuthThrottle throttle) {
        return request -> {
            String token = BearerToken.from(request)
                    .orElseThrow(() -> new UnauthorizedException(
                            "Authentication required: send 'Authorization: Bearer <API key or access token>'"));
            var type = ApiKeyType.ofKey(token);
            String source = request.sourceIp() == null ? "unknown" : request.sourceIp();
            if (type.isEmpty()) {
                return throttle.credential(source, Optional.empty(), () -> Caller.of(accounts.authenticate(token)));
            }
            // A key recognised moments ago costs no lookup, so a throttled address keeps its working keys.
            Optional<Caller> known = keys.recognised(token);
            if (known.isPresent()) {
                return known.get();
            }
            return throttle.credential(
                    source,
                    Optional.of(ApiKeySecrets.displayPrefix(type.get(), token)),
                    () -> key(keys, token, type.get(), request));
        };
    }

    private static Caller key(ApiKeyAuthenticator keys, String token, ApiKeyType type, ApiRequest request) {
        return keys.authenticate(token).orElseThrow(() -> {
            // Only the display prefix is logged: enough to trace a leaked or stale key, useless to anyone reading
            // logs.
            log.info("Refused API key {} [request {}]", ApiKeySecrets.displayPrefix(type, token), request.requestId());
            return new UnauthorizedException("Invalid or revoked API key");
        });
    }
}
