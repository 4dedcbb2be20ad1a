package io.comfyless.functions.http;

import io.comfyless.core.error.NotFoundException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one HTTP router behind both entry points (Lambda and the local gateway). Routes are matched
 * most specific first; a known path with another method is a 405; every failure becomes the
 * unified error body through {@link ErrorResponses}. Every answer says whether its route is
 * deprecated ({@code API-Deprecated}); a deprecated one also names its sunset date
 * ({@code API-Sunset}, and RFC 8594's {@code Sunset}).
 */
public final class Router {

    private final List<Route> routes = new ArrayList<>();
    private final List<Filter> filters = new ArrayList<>();
    private final Clock clock;

    public Router() {
        this(Clock.systemUTC());
    }

    /** @param clock stamps requests whose entry point did not say when they arrived */
    public Router(Clock clock) {
        this.clock = clock;
    }

    public Router route(String method, String template, Handler handler) {
        return add(new Route(method.toUpperCase(Locale.ROOT), RoutePattern.of(template), handler, Optional.empty()));
    }

    /** Marks a registered route deprecated: it keeps working until {@code sunset}, and its answers say so. */
    public Router deprecate(String method, String template, LocalDate sunset) {
        Route route = routes.stream()
                .filter(r -> r.method().equals(method) && r.template().equals(template))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("No route " + method + " " + template));
        routes.remove(route);
        return add(new Route(route.method(), route.pattern(), route.handler(), Optional.of(sunset)));
    }

    private Router add(Route route) {
        routes.add(route);
        routes.sort(
                Comparator.comparingInt((Route r) -> r.pattern().specificity()).reversed());
        return this;
    }

    /** Runs around every routed request, in registration order (authentication, rate limits, headers). */
    public Router filter(Filter filter) {
        filters.add(filter);
        return this;
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    public ApiResponse dispatch(ApiRequest received) {
        ApiRequest request = received.receivedAt() == null ? received.withReceivedAt(clock.instant()) : received;
        try {
            return ErrorResponses.withCommonHeaders(route(request), request);
        } catch (RuntimeException e) {
            return ErrorResponses.withCommonHeaders(ErrorResponses.from(e, request), request)
                    .withHeader(DEPRECATED_HEADER, "false");
        }
    }

    static final String DEPRECATED_HEADER = "API-Deprecated";
    static final String SUNSET_HEADER = "API-Sunset";

    private ApiResponse route(ApiRequest request) {
        String[] path = normalize(request.path()).substring(1).split("/", -1);
        Set<String> allowed = new TreeSet<>();
        int matchedSpecificity = -1;
        for (Route route : routes) {
            Optional<PathParams> params = route.pattern().match(path);
            if (params.isEmpty()) {
                continue;
            }
            // A literal path that exists with other methods is a 405, not a match for a parameter
            // further down: GET /v1/workflows/execute must not read "execute" as an execution id.
            if (!allowed.isEmpty() && route.pattern().specificity() < matchedSpecificity) {
                break;
            }
            matchedSpecificity = route.pattern().specificity();
            if (route.method().equals(request.method()) || isHeadOf(route, request)) {
                Handler handler = route.handler();
                for (int i = filters.size() - 1; i >= 0; i--) {
                    handler = filters.get(i).around(route, handler);
                }
                ApiResponse response;
                try {
                    response = handler.handle(request, params.get());
                } catch (RuntimeException e) {
                    response = ErrorResponses.from(e, request);
                }
                return deprecationHeaders(route, response);
            }
            allowed.add(route.method());
        }
        if (!allowed.isEmpty()) {
            throw new MethodNotAllowedException(request.method(), request.path(), allowed);
        }
        throw new NotFoundException("No route for " + request.method() + " " + request.path());
    }

    private static ApiResponse deprecationHeaders(Route route, ApiResponse response) {
        if (route.sunset().isEmpty()) {
            return response.withHeader(DEPRECATED_HEADER, "false");
        }
        LocalDate sunset = route.sunset().get();
        return response.withHeader(DEPRECATED_HEADER, "true")
                .withHeader(SUNSET_HEADER, sunset.toString())
                .withHeader("Sunset", DateTimeFormatter.RFC_1123_DATE_TIME.format(sunset.atStartOfDay(ZoneOffset.UTC)));
    }

    private static boolean isHeadOf(Route route, ApiRequest request) {
        return request.method().equals("HEAD") && route.method().equals("GET");
    }

    /** Trailing slashes are ignored: seed 001 writes {@code /health/} and {@code /workflows/}. */
    static String normalize(String path) {
        String normalized = path == null || path.isEmpty() ? "/" : path;
        while (normalized.length() > 1 && normalized.endsWith("/")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        return normalized.startsWith("/") ? normalized : "/" + normalized;
    }

    /**
     * A registered route.
     *
     * @param sunset when a deprecated route stops working; empty for a current one
     */
    public record Route(String method, RoutePattern pattern, Handler handler, Optional<LocalDate> sunset) {

        public String template() {
            return pattern.template();
        }

        public boolean deprecated() {
            return sunset.isPresent();
        }
    }

    /** Code that runs around a route's handler. */
    @FunctionalInterface
    public interface Filter {

        Handler around(Route route, Handler next);
    }
}
