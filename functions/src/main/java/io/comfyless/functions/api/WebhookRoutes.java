package io.comfyless.functions.api;

import io.comfyless.contract.Webhooks;
import io.comfyless.core.tenant.Scope;
import io.comfyless.core.webhook.WebhookSecrets;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.util.Map;

/**
 * {@code GET /v1/webhooks/secret}: the tenant's webhook signing secret (created on first use),
 * which signs the webhooks of jobs submitted without their own {@code webhook_secret}. A secret,
 * so it needs the key-administration scope.
 */
public final class WebhookRoutes {

    private final WebhookSecrets secrets;
    private final Access access;

    public WebhookRoutes(WebhookSecrets secrets, Access access) {
        this.secrets = secrets;
        this.access = access;
    }

    public void register(Router router) {
        router.route("GET", "/v1/webhooks/secret", access.require(Scope.KEYS_ADMIN, this::secret));
    }

    ApiResponse secret(Caller caller, ApiRequest request, PathParams params) {
        return ApiResponse.ok(Map.of(
                "webhook_secret", secrets.getOrCreate(caller.tenantId()),
                "signature_header", Webhooks.SIGNATURE_HEADER,
                "timestamp_header", Webhooks.TIMESTAMP_HEADER,
                "event_id_header", Webhooks.EVENT_ID_HEADER,
                "scheme", "sha256=hex(HMAC-SHA256(secret, \"<timestamp>.<body>\"))"));
    }
}
