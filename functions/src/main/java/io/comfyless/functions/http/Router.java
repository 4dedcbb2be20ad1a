package io.comfyless.functions.http;

import io.comfyless.core.error.NotFoundException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one HTTP router behind both entry points (Lambda and the local gateway). Routes are matched
 * most specific first; a known path with another method is a 405; every failure becomes the
 * unified error body through {@link ErrorResponses}.
 */
public final class Router {

    private final List<Route> routes = new ArrayList<>();
    private final List<Filter> filters = new ArrayList<>();

    public Router route(String method, String template, Handler handler) {
        routes.add(new Route(method.toUpperCase(Locale.ROOT), RoutePattern.of(template), handler));
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

    public ApiResponse dispatch(ApiRequest request) {
        try {
            return ErrorResponses.withCommonHeaders(route(request), request);
        } catch (RuntimeException e) {
            return ErrorResponses.withCommonHeaders(ErrorResponses.from(e, request), request);
        }
    }

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
                return handler.handle(request, params.get());
            }
            allowed.add(route.method());
        }
        if (!allowed.isEmpty()) {
            throw new MethodNotAllowedException(request.method(), request.path(), allowed);
        }
        throw new NotFoundException("No route for " + request.method() + " " + request.path());
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

    /** A registered route. */
    public record Route(String method, RoutePattern pattern, Handler handler) {

        public String template() {
            return pattern.template();
        }
    }

    /** Code that runs around a route's handler. */
    @FunctionalInterface
    public interface Filter {

        Handler around(Route route, Handler next);
    }
}
