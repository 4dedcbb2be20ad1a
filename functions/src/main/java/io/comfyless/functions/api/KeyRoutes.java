package io.comfyless.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.json.Fields;
import io.comfyless.core.tenant.ApiKey;
import io.comfyless.core.tenant.ApiKeyType;
import io.comfyless.core.tenant.ApiKeys;
import io.comfyless.core.tenant.IssuedApiKey;
import io.comfyless.core.tenant.NewApiKey;
import io.comfyless.core.tenant.Scope;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.ApiKeyAuthenticator;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's own API keys, for signed-in users and secret keys holding {@code keys:admin}:
 * {@code POST /v1/keys} issues one (the only response that ever shows a key), {@code GET /v1/keys}
 * lists them by prefix, {@code DELETE /v1/keys/{id}} revokes one.
 */
public final class KeyRoutes {

    private final ApiKeys keys;
    private final ApiKeyAuthenticator authenticator;
    private final Access access;

    public KeyRoutes(ApiKeys keys, ApiKeyAuthenticator authenticator, Access access) {
        this.keys = keys;
        this.authenticator = authenticator;
        this.access = access;
    }

    public void register(Router router) {
        router.route("POST", "/v1/keys", access.require(Scope.KEYS_ADMIN, this::create))
                .route("GET", "/v1/keys", access.require(Scope.KEYS_ADMIN, this::list))
                .route("DELETE", "/v1/keys/{id}", access.require(Scope.KEYS_ADMIN, this::revoke));
    }

    ApiResponse create(Caller caller, ApiRequest request, PathParams params) {
        JsonNode body = Bodies.object(request);
        String code = Fields.text(body, "type", "type").orElse(ApiKeyType.SECRET.code());
        ApiKeyType type = ApiKeyType.fromCode(code)
                .orElseThrow(() -> ValidationException.of(ErrorCodes.INVALID_VALUE, "type", "type must be sk or pk"));
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        Fields.texts(body, "scopes", "scopes")
                .orElse(List.of())
                .forEach(scope -> scopes.add(Scope.parse(scope, "scopes")));
        IssuedApiKey issued = keys.create(new NewApiKey(
                caller.tenantId(),
                type,
                scopes,
                Fields.text(body, "name", "name").orElse(null)));
        return ApiResponse.json(201, KeyView.of(issued.key(), issued.secret()))
                .withHeader("Location", "/v1/keys/" + issued.key().id());
    }

    ApiResponse list(Caller caller, ApiRequest request, PathParams params) {
        return ApiResponse.ok(Map.of(
                "keys",
                keys.list(caller.tenantId()).stream()
                        .map(key -> KeyView.of(key, null))
                        .toList()));
    }

    ApiResponse revoke(Caller caller, ApiRequest request, PathParams params) {
        ApiKey revoked = keys.revoke(caller.tenantId(), params.get("id"));
        authenticator.forget(revoked.id());
        return ApiResponse.ok(KeyView.of(revoked, null));
    }

    /** A key as the API shows it; {@code key} is present only in the answer that created it. */
    record KeyView(
            String id,
            String key,
            String prefix,
            String type,
            List<String> scopes,
            String name,
            String tenantId,
            Instant createdAt,
            Instant revokedAt,
            boolean active) {

        static KeyView of(ApiKey key, String secret) {
            return new KeyView(
                    key.id(),
                    secret,
                    key.displayPrefix(),
                    key.type().code(),
                    key.scopes().stream().map(Scope::wire).sorted().toList(),
                    key.name(),
                    key.tenantId(),
                    key.createdAt(),
                    key.revokedAt().orElse(null),
                    key.active());
        }
    }
}
