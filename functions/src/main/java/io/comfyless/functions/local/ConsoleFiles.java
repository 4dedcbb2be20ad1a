package io.comfyless.functions.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web console's built files, as the local stack serves them under {@value #PREFIX}: read from the
 * classpath (the {@code comfyless-console} jar puts the site under {@value #SITE_ROOT}), answered
 * with the headers CloudFront gives them when deployed. It knows nothing of the HTTP server: the
 * gateway passes a method and a path and writes the {@link Reply} back, whatever server it runs on.
 */
public final class ConsoleFiles {

    /** Where the console lives on the API's own origin, so it calls the API without CORS. */
    public static final String PREFIX = "/console";

    /** The classpath folder of the built site; the console module's POM packages it there. */
    public static final String SITE_ROOT = "comfyless-console/";

    /** Hashed asset names change with their content, so browsers may keep them for good. */
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    /**
     * What the page may load: its own scripts and styles only; images and API calls from anywhere over
     * HTTP(S) or WebSocket, because output links point at the object store, which is another origin.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data: blob: http: https:; connect-src 'self' http: https: ws: wss:;"
            + " frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    /** Relative paths the site can have: no dot segments, no encoded or odd characters. */
    private static final Pattern SAFE_PATH =
            Pattern.compile("(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*");

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "woff2", "font/woff2",
            "txt", "text/plain; charset=utf-8");

    private final ClassLoader loader;
    private final String root;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    private ConsoleFiles(ClassLoader loader, String root) {
        this.loader = loader;
        this.root = root;
    }

    /** The site under {@link #SITE_ROOT}, or empty when this classpath has no built console. */
    public static Optional<ConsoleFiles> fromClasspath() {
        return fromClasspath(SITE_ROOT);
    }

    static Optional<ConsoleFiles> fromClasspath(String root) {
        ClassLoader loader = ConsoleFiles.class.getClassLoader();
        return loader.getResource(root + "index.html") == null
                ? Optional.empty()
                : Optional.of(new ConsoleFiles(loader, root));
    }

    /** Whether a request path belongs to the console rather than to the API. */
    public static boolean handles(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    /** The answer to {@code method} on {@code rawPath} (not percent-decoded), a path {@link #handles} accepts. */
    public Reply serve(String method, String rawPath) {
        if (rawPath.equals(PREFIX)) {
            return new Reply(301, Map.of("Location", PREFIX + "/"), new byte[0]);
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return text(405, "Method not allowed").withHeader("Allow", "GET, HEAD");
        }
        String relative = rawPath.substring(PREFIX.length() + 1);
        String file = relative.isEmpty() ? "index.html" : relative;
        if (!SAFE_PATH.matcher(file).matches()) {
            return text(404, "Not found");
        }
        return read(file).map(bytes -> new Reply(200, headers(file), bytes)).orElseGet(() -> text(404, "Not found"));
    }

    /** Files found are kept in memory (the site is small); misses are not, so odd paths cost nothing. */
    private Optional<byte[]> read(String file) {
        byte[] cached = cache.get(file);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = loader.getResourceAsStream(root + file)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            cache.put(file, bytes);
            return Optional.of(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read console file " + file, e);
        }
    }

    private static Map<String, String> headers(String file) {
        String extension = file.substring(file.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return Map.of(
                "Content-Type",
                CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"),
                "Cache-Control",
                file.startsWith("assets/") ? IMMUTABLE : "no-cache",
                "Content-Security-Policy",
                CONTENT_SECURITY_POLICY,
                "X-Content-Type-Options",
                "nosniff",
                "Referrer-Policy",
                "no-referrer",
                "X-Frame-Options",
                "DENY");
    }

    private static Reply text(int status, String message) {
        return new Reply(
                status,
                Map.of("Content-Type", "text/plain; charset=utf-8", "X-Content-Type-Options", "nosniff"),
                message.getBytes(StandardCharsets.UTF_8));
    }

    /** One answer: status, headers and body. */
    public record Reply(int status, Map<String, String> headers, byte[] body) {

        public Reply {
            headers = Map.copyOf(headers);
        }

        Reply withHeader(String name, String value) {
            Map<String, String> more = new HashMap<>(headers);
            more.put(name, value);
            return new Reply(status, more, body);
        }
    }
}
