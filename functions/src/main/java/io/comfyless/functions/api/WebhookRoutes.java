package io.comfyless.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.contract.Webhooks;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.json.Json;
import io.comfyless.core.net.UrlGuard;
import io.comfyless.core.tenant.Scope;
import io.comfyless.core.webhook.SystemEventType;
import io.comfyless.core.webhook.SystemEvents;
import io.comfyless.core.webhook.WebhookSecrets;
import io.comfyless.core.webhook.WebhookSubscription;
import io.comfyless.core.webhook.WebhookSubscriptions;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.auth.Caller;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.PathParams;
import io.comfyless.functions.http.Router;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Webhooks beyond one job's: {@code GET /v1/webhooks/secret}, the tenant's signing secret (a
 * secret, so it needs the key-administration scope); {@code PUT/GET/DELETE /v1/webhooks}, where the
 * tenant receives {@code model.updated} and {@code system.*} events; and
 * {@code POST /v1/system/maintenance}, by which the stack's operators announce maintenance to every
 * subscriber.
 */
public final class WebhookRoutes {

    private final WebhookSecrets secrets;
    private final WebhookSubscriptions subscriptions;
    private final SystemEvents events;
    private final UrlGuard guard;
    private final Operators operators;
    private final Access access;
    private final Clock clock;

    WebhookRoutes(
            WebhookSecrets secrets,
            WebhookSubscriptions subscriptions,
            SystemEvents events,
            UrlGuard guard,
            Operators operators,
            Access access,
            Clock clock) {
        this.secrets = secrets;
        this.subscriptions = subscriptions;
        this.events = events;
        this.guard = guard;
        this.operators = operators;
        this.access = access;
        this.clock = clock;
    }

    public static WebhookRoutes of(
            WebhookSecrets secrets,
            WebhookSubscriptions subscriptions,
            SystemEvents events,
            UrlGuard guard,
            boolean authEnabled,
            Set<String> operatorTenants,
            Access access,
            Clock clock) {
        return new WebhookRoutes(
                secrets, subscriptions, events, guard, new Operators(authEnabled, operatorTenants), access, clock);
    }

    public void register(Router router) {
        router.route("GET", "/v1/webhooks/secret", access.require(Scope.KEYS_ADMIN, this::secret))
                .route("PUT", "/v1/webhooks", access.require(Scope.WORKFLOWS_WRITE, this::subscribe))
                .route("GET", "/v1/webhooks", access.require(Scope.WORKFLOWS_READ, this::subscription))
                .route("DELETE", "/v1/webhooks", access.require(Scope.WORKFLOWS_WRITE, this::unsubscribe))
                .route("POST", "/v1/system/maintenance", access.authenticated(this::maintenance));
    }

    ApiResponse secret(Caller caller, ApiRequest request, PathParams params) {
        return ApiResponse.ok(Map.of(
                "webhook_secret",
                secrets.getOrCreate(caller.tenantId()),
                "signature_header",
                Webhooks.SIGNATURE_HEADER,
                "timestamp_header",
                Webhooks.TIMESTAMP_HEADER,
                "event_id_header",
                Webhooks.EVENT_ID_HEADER,
                "scheme",
                "sha256=hex(HMAC-SHA256(secret, \"<timestamp>.<body>\"))",
                "body_signature",
                "sha256=hex(HMAC-SHA256(secret, json.dumps(body without 'signature')))"));
    }

    /** {@code {"url": "https://…", "events": ["model.updated", "system.capacity", "system.maintenance"]}}. */
    ApiResponse subscribe(Caller caller, ApiRequest request, PathParams params) {
        JsonNode body = Bodies.object(request);
        String url =
                guard.checkWithoutResolving(Bodies.text(body, "url"), "url").toString();
        JsonNode list = body.get("events");
        Set<SystemEventType> types = EnumSet.noneOf(SystemEventType.class);
        if (list == null || list.isNull()) {
            types.addAll(EnumSet.allOf(SystemEventType.class));
        } else if (!list.isArray() || list.isEmpty()) {
            throw invalidEvents();
        } else {
            for (JsonNode value : list) {
                types.add(SystemEventType.fromWire(value.asText()).orElseThrow(WebhookRoutes::invalidEvents));
            }
        }
        WebhookSubscription subscription = new WebhookSubscription(caller.tenantId(), url, types, clock.instant());
        subscriptions.put(subscription);
        return ApiResponse.ok(view(subscription));
    }

    ApiResponse subscription(Caller caller, ApiRequest request, PathParams params) {
        return ApiResponse.ok(view(subscriptions
                .find(caller.tenantId())
                .orElseThrow(
                        () -> new NotFoundException("No webhook subscription; create one with PUT /v1/webhooks"))));
    }

    ApiResponse unsubscribe(Caller caller, ApiRequest request, PathParams params) {
        if (!subscriptions.delete(caller.tenantId())) {
            throw new NotFoundException("No webhook subscription to delete");
        }
        return ApiResponse.ok(Map.of("status", "deleted"));
    }

    /** {@code {"message": "...", "starts_at": "...", "ends_at": "..."}} sent as {@code system.maintenance}. */
    ApiResponse maintenance(Caller caller, ApiRequest request, PathParams params) {
        operators.require(caller);
        JsonNode body = Bodies.object(request);
        ObjectNode data = Json.object().put("message", Bodies.text(body, "message"));
        for (String field : new String[] {"starts_at", "ends_at"}) {
            Bodies.optionalText(body, field)
                    .ifPresent(value -> data.put(field, instant(value, field).toString()));
        }
        int subscribers = events.publish(SystemEventType.SYSTEM_MAINTENANCE, data);
        return ApiResponse.json(
                202,
                Map.of(
                        "event_type",
                        SystemEventType.SYSTEM_MAINTENANCE.wire(),
                        "subscribers",
                        subscribers,
                        "data",
                        data));
    }

    private static Map<String, Object> view(WebhookSubscription subscription) {
        return Map.of(
                "url", subscription.url(),
                "events",
                        subscription.events().stream()
                                .map(SystemEventType::wire)
                                .sorted()
                                .toList(),
                "updated_at", subscription.updatedAt().toString());
    }

    private static Instant instant(String value, String field) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ValidationException.of(
                    "INVALID_VALUE", field, field + " must be a time such as 2025-01-01T02:00:00Z");
        }
    }

    private static ValidationException invalidEvents() {
        return ValidationException.of(
                "INVALID_VALUE",
                "events",
                "events must list one or more of "
                        + Arrays.stream(SystemEventType.values())
                                .map(SystemEventType::wire)
                                .toList());
    }
}
