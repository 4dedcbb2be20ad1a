package io.comfyless.functions.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.account.Accounts;
import io.comfyless.core.account.Registration;
import io.comfyless.core.account.TokenSet;
import io.comfyless.core.account.UserAccount;
import io.comfyless.core.error.ForbiddenException;
import io.comfyless.core.error.UnauthorizedException;
import io.comfyless.core.json.Fields;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.AuthThrottle;
import io.comfyless.functions.auth.BearerToken;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.time.Instant;
import java.util.Map;

/**
 * Seed 001's user accounts: {@code /auth/register}, {@code /auth/login} and {@code /auth/refresh}
 * are open (they are how one gets credentials); {@code /auth/me} and {@code /auth/logout} need a
 * user's access token. Request bodies carry passwords: they are parsed here and passed on, never
 * logged.
 */
public final class AuthRoutes {

    private final Accounts accounts;
    private final Access access;
    private final AuthThrottle throttle;

    public AuthRoutes(Accounts accounts, Access access, AuthThrottle throttle) {
        this.accounts = accounts;
        this.access = access;
        this.throttle = throttle;
    }

    public void register(Router router) {
        router.route("POST", "/auth/register", this::register)
                .route("POST", "/auth/login", this::login)
                .route("POST", "/auth/refresh", this::refresh)
                .route("GET", "/auth/me", access.authenticated(this::me))
                .route("POST", "/auth/logout", access.authenticated(this::logout));
    }

    ApiResponse register(ApiRequest request, PathParams params) {
        JsonNode body = Bodies.object(request);
        UserAccount account = accounts.register(
                new Registration(text(body, "email"), text(body, "password"), text(body, "username")));
        return ApiResponse.json(201, UserView.of(account));
    }

    /** Seed 001 logs in with {@code email}; seed 004's {@code username} is accepted for the same value. */
    ApiResponse login(ApiRequest request, PathParams params) {
        JsonNode body = Bodies.object(request);
        String email = body.hasNonNull("email") ? text(body, "email") : text(body, "username");
        String password = text(body, "password");
        String source = request.sourceIp() == null ? "unknown" : request.sourceIp();
        return ApiResponse.ok(TokenView.of(throttle.signIn(source, email, () -> accounts.login(email, password))));
    }

    ApiResponse refresh(ApiRequest request, PathParams params) {
        return ApiResponse.ok(TokenView.of(accounts.refresh(text(Bodies.object(request), "refresh_token"))));
    }

    ApiResponse me(Caller caller, ApiRequest request, PathParams params) {
        String userId = caller.userId()
                .orElseThrow(() -> new ForbiddenException(
                        "GET /auth/me describes a user; an API key is not one. Send a user's access token"));
        return ApiResponse.ok(UserView.of(accounts.account(userId)));
    }

    ApiResponse logout(Caller caller, ApiRequest request, PathParams params) {
        if (caller.userId().isEmpty()) {
            throw new ForbiddenException("Only a user's access token can be logged out; revoke API keys instead");
        }
        accounts.logout(BearerToken.from(request).orElseThrow(() -> new UnauthorizedException("No access token")));
        return ApiResponse.ok(Map.of("message", "Successfully logged out"));
    }

    /** Absent is left to the account rules to name; a present field of another type is a 400 here. */
    private static String text(JsonNode body, String field) {
        return Fields.text(body, field, field).orElse(null);
    }

    /** Seed 001's user body; {@code updated_at} is shown even when null, as there. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record UserView(
            String id,
            String email,
            String username,
            boolean isActive,
            Instant createdAt,
            Instant updatedAt,
            String tenantId) {

        static UserView of(UserAccount account) {
            return new UserView(
                    account.id(),
                    account.email(),
                    account.username(),
                    true,
                    account.createdAt(),
                    account.updatedAt().orElse(null),
                    account.tenantId());
        }
    }

    /** Seed 001's token body. */
    record TokenView(String accessToken, String refreshToken, String tokenType, long expiresIn) {

        static TokenView of(TokenSet tokens) {
            return new TokenView(
                    tokens.accessToken(),
                    tokens.refreshToken(),
                    "bearer",
                    tokens.expiresIn().toSeconds());
        }
    }
}
