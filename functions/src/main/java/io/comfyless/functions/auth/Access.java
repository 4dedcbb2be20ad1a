package io.comfyless.functions.auth;

import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.error.RateLimitedException;
import io.comfyless.core.tenant.RateLimiter;
import io.comfyless.core.tenant.RequestWindow;
import io.comfyless.core.tenant.Scope;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.ErrorResponses;
import io.comfyless.functions.http.Handler;
import io.comfyless.functions.http.PathParams;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Guards routes, in one place for every entry point: authenticates the request once, counts it
 * against the tenant's request window, checks the route's scope, then hands the caller to the
 * route. Every answer to an authenticated request, errors included, carries
 * {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset}; a
 * request over the window's allowance is a 429 with {@code Retry-After}.
 *
 * <p>A guard wraps each route's handler rather than running as a {@code Router.Filter} because
 * the route needs the caller, and the handler is the only thing a filter can pass on; wrapping
 * also puts each route's scope next to its path where it is registered.
 */
public final class Access {

    private final Authenticator authenticator;
    private final Optional<RateLimiter> limiter;
    private final Clock clock;

    private Access(Authenticator authenticator, Optional<RateLimiter> limiter, Clock clock) {
        this.authenticator = authenticator;
        this.limiter = limiter;
        this.clock = clock;
    }

    /** Without authentication: every request is {@link Caller#LOCAL}, nothing is counted. */
    public static Access open(Clock clock) {
        return new Access(Authenticators.open(), Optional.empty(), clock);
    }

    public static Access enforced(Authenticator authenticator, RateLimiter limiter, Clock clock) {
        return new Access(authenticator, Optional.of(limiter), clock);
    }

    /** The route may be called by credentials holding {@code scope}. */
    public Handler require(Scope scope, Secured route) {
        return new Guard(Optional.of(scope), route);
    }

    /** The route may be called by any authenticated caller; it decides for itself what else it needs. */
    public Handler authenticated(Secured route) {
        return new Guard(Optional.empty(), route);
    }

    /** Whether a registered handler is guarded; tests use this to prove no route was left open by mistake. */
    public static boolean guards(Handler handler) {
        return handler instanceof Guard;
    }

    private final class Guard implements Handler {

        private final Optional<Scope> scope;
        private final Secured route;

        Guard(Optional<Scope> scope, Secured route) {
            this.scope = scope;
            this.route = route;
        }

        @Override
        public ApiResponse handle(ApiRequest request, PathParams params) {
            Caller caller = authenticator.authenticate(request);
            Optional<RequestWindow> window =
                    caller.tier().flatMap(tier -> limiter.map(l -> l.admit(caller.tenantId(), tier)));
            ApiResponse response = serve(caller, window, request, params);
            return window.map(w -> response.withHeaders(headers(w))).orElse(response);
        }

        private ApiResponse serve(
                Caller caller, Optional<RequestWindow> window, ApiRequest request, PathParams params) {
            try {
                window.filter(w -> !w.admitted()).ifPresent(this::refuse);
                scope.ifPresent(caller::require);
                return route.handle(caller, request, params);
            } catch (RuntimeException e) {
                return ErrorResponses.from(e, request);
            }
        }

        private void refuse(RequestWindow window) {
            throw new RateLimitedException(
                    "Too many requests. Rate limit: " + window.limit() + " requests per minute.",
                    window.retryAfter(clock.instant()),
                    List.of(ErrorDetail.field(
                            ErrorCodes.RATE_LIMIT_EXCEEDED,
                            "requests",
                            window.limit() + " requests per minute, including the burst allowance")),
                    Map.of("requests_per_minute", (long) window.limit()));
        }

        /** {@code X-RateLimit-Retry-After}: seconds until a request would be admitted, 0 while some remain. */
        private Map<String, String> headers(RequestWindow window) {
            long reset = (window.resetAt().toEpochMilli() + 999) / 1000;
            long retryAfter = window.remaining() > 0
                    ? 0
                    : window.retryAfter(clock.instant()).toSeconds();
            return Map.of(
                    "X-RateLimit-Limit", Integer.toString(window.limit()),
                    "X-RateLimit-Remaining", Integer.toString(window.remaining()),
                    "X-RateLimit-Reset", Long.toString(reset),
                    "X-RateLimit-Retry-After", Long.toString(retryAfter));
        }
    }
}
