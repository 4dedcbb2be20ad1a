package io.comfyless.testkit.comfyui;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the double: matches {@code METHOD /path/{param}} routes, serves each one under {@code /api} too,
 * applies ComfyUI's loopback origin check, and maps failures once: unknown path 404, wrong method 405, any exception
 * 500 {@code text/plain} (as aiohttp does for a handler that raises).
 */
final class ComfyUiRouter extends Handler.Abstract {

    /** A route handler: parse, call, render. */
    interface Route {
        Reply handle(HttpCall call) throws Exception;
    }

    private record Entry(String method, String[] segments, Route route) {}

    private static final Logger LOG = LoggerFactory.getLogger(ComfyUiRouter.class);

    private final List<Entry> entries = new ArrayList<>();

    ComfyUiRouter get(String pattern, Route route) {
        entries.add(new Entry("GET", pattern.substring(1).split("/", -1), route));
        return this;
    }

    ComfyUiRouter post(String pattern, Route route) {
        entries.add(new Entry("POST", pattern.substring(1).split("/", -1), route));
        return this;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Reply reply;
        try {
            reply = dispatch(request);
        } catch (Exception e) {
            // A 500 is often the point of the request (malformed JSON); the stack trace is only for debugging.
            LOG.warn(
                    "{} {} answered 500: {}",
                    request.getMethod(),
                    request.getHttpURI().getPath(),
                    e.toString());
            LOG.debug("Cause of the 500", e);
            reply = Reply.serverError();
        }
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
        reply.headers().forEach(response.getHeaders()::put);
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
        return true;
    }

    private Reply dispatch(Request request) throws Exception {
        if (crossOrigin(request)) {
            return Reply.empty(403);
        }
        String path = Request.getPathInContext(request);
        if (path.equals("/api") || path.startsWith("/api/")) {
            path = path.substring(4);
        }
        String[] segments =
                path.isEmpty() ? new String[] {""} : path.substring(1).split("/", -1);
        boolean pathKnown = false;
        for (Entry entry : entries) {
            Map<String, String> parameters = match(entry.segments(), segments);
            if (parameters == null) {
                continue;
            }
            pathKnown = true;
            if (entry.method().equals(request.getMethod())) {
                return entry.route().handle(new HttpCall(request, parameters));
            }
        }
        return pathKnown ? Reply.text(405, "405: Method Not Allowed") : Reply.notFound();
    }

    private static Map<String, String> match(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return null;
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].startsWith("{") && pattern[i].endsWith("}")) {
                if (path[i].isEmpty()) {
                    return null;
                }
                parameters.put(pattern[i].substring(1, pattern[i].length() - 1), path[i]);
            } else if (!pattern[i].equals(path[i])) {
                return null;
            }
        }
        return parameters;
    }

    /**
     * ComfyUI's {@code origin_only_middleware}: when the Host is loopback and the Origin names another host, 403,
     * so that a web page cannot queue prompts on a local server.
     */
    private static boolean crossOrigin(Request request) {
        String host = request.getHeaders().get(HttpHeader.HOST);
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (host == null || origin == null) {
            return false;
        }
        try {
            URI hostUri = URI.create("//" + host.toLowerCase(Locale.ROOT));
            URI originUri = URI.create(origin.toLowerCase(Locale.ROOT));
            if (!loopback(hostUri.getHost())) {
                return false;
            }
            String hostDomain = originUri.getPort() < 0 ? hostUri.getHost() : hostUri.getAuthority();
            String originDomain = hostUri.getPort() < 0 ? originUri.getHost() : originUri.getAuthority();
            return hostDomain != null
                    && originDomain != null
                    && !hostDomain.isEmpty()
                    && !originDomain.isEmpty()
                    && !hostDomain.equals(originDomain);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static boolean loopback(String hostname) {
        if (hostname == null) {
            return false;
        }
        if (hostname.equals("localhost")) {
            return true;
        }
        String literal = hostname.startsWith("[") ? hostname.substring(1, hostname.length() - 1) : hostname;
        if (!literal.matches("[0-9.]+|[0-9a-f:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
