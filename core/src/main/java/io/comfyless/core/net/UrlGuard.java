package io.comfyless.core.net;

import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ValidationException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether ComfyLess may fetch from or post to a URL supplied by a client (input images,
 * webhooks, model downloads). Only https by default, and only public addresses (see
 * {@link PublicAddresses}: never loopback, private, link-local, cloud metadata, reserved, nor an
 * IPv6 form that carries such an IPv4 address). The host is resolved once and every address it
 * has is checked, so a public name that points inward is refused too.
 *
 * <p>Whoever connects must connect to the address that was checked, not resolve the name again
 * (a name with a zero TTL could point elsewhere the second time): use {@link #resolve} and
 * {@link GuardedHttp}, which does. Callers must not follow redirects without checking each hop.
 */
public final class UrlGuard {

    /** Resolves host names; replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowHttp;
    private final boolean allowPrivate;
    private final Resolver resolver;
    private final Set<InetAddress> exceptions;

    public UrlGuard(boolean allowHttp, boolean allowPrivate, Resolver resolver) {
        this(allowHttp, allowPrivate, resolver, Set.of());
    }

    private UrlGuard(boolean allowHttp, boolean allowPrivate, Resolver resolver, Set<InetAddress> exceptions) {
        this.allowHttp = allowHttp;
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
        this.exceptions = Set.copyOf(exceptions);
    }

    /**
     * This guard, also letting through one exact address: for tests that serve a "public" source
     * on loopback. Never used by deployed code.
     */
    public UrlGuard alsoAllowing(InetAddress address) {
        Set<InetAddress> more = new HashSet<>(exceptions);
        more.add(address);
        return new UrlGuard(allowHttp, allowPrivate, resolver, more);
    }

    /** https only, public addresses only: the setting for deployed stacks. */
    public static UrlGuard strict() {
        return new UrlGuard(false, false, InetAddress::getAllByName);
    }

    /**
     * Checks a URL and returns it parsed.
     *
     * @param field the request field, named in the error
     * @throws ValidationException saying why the URL is refused
     */
    public URI check(String url, String field) {
        return resolve(url, field).uri();
    }

    /**
     * Checks a URL and resolves its host once: the answer names the address to connect to.
     *
     * @param field the request field, named in the error
     * @throws ValidationException saying why the URL is refused
     */
    public CheckedUrl resolve(String url, String field) {
        URI uri = wellFormed(url, field);
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare(uri.getHost()));
        } catch (UnknownHostException e) {
            throw refuse(field, "names a host that does not resolve: " + uri.getHost());
        }
        if (addresses.length == 0) {
            throw refuse(field, "names a host that does not resolve: " + uri.getHost());
        }
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                String reason = exceptions.contains(address) ? null : blockedReason(address);
                if (reason != null) {
                    throw refuse(
                            field, "points to " + reason + " (" + address.getHostAddress() + "), which is not allowed");
                }
            }
        }
        return new CheckedUrl(uri, addresses[0]);
    }

    /** A URL that passed the guard, and the address its host resolved to: the one to connect to. */
    public record CheckedUrl(URI uri, InetAddress address) {}

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * The checks that need no DNS lookup, for validating a request without waiting on a resolver:
     * the scheme, a host without user information, and no host that is inward by its very spelling
     * (an address literal in a blocked range, {@code localhost}). A name that merely resolves
     * inward passes here; whoever connects must still call {@link #check(String, String)}.
     *
     * @throws ValidationException saying why the URL is refused
     */
    public URI checkWithoutResolving(String url, String field) {
        URI uri = wellFormed(url, field);
        if (allowPrivate) {
            return uri;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            throw refuse(field, "points to a loopback address (" + host + "), which is not allowed");
        }
        if (isAddressLiteral(host)) {
            try {
                InetAddress address =
                        InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
                String reason = blockedReason(address);
                if (reason != null) {
                    throw refuse(
                            field, "points to " + reason + " (" + address.getHostAddress() + "), which is not allowed");
                }
            } catch (UnknownHostException notALiteral) {
                // Looked like an address but is not one: leave it to the resolving check.
            }
        }
        return uri;
    }

    /** Dotted IPv4 or bracketed IPv6: parsed by InetAddress without touching DNS. */
    private static boolean isAddressLiteral(String host) {
        return host.startsWith("[") || host.matches("[0-9.]+");
    }

    /** The scheme and host rules every check starts with. */
    private URI wellFormed(String url, String field) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw refuse(field, "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || allowHttp && scheme.equals("http"))) {
            throw refuse(field, allowHttp ? "must use http or https" : "must use https");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw refuse(field, "must name a host, without user information");
        }
        return uri;
    }

    /** Why an address is off limits, or null when it is a public unicast address. */
    static String blockedReason(InetAddress address) {
        return PublicAddresses.whyNot(address).orElse(null);
    }

    private static ValidationException refuse(String field, String why) {
        return ValidationException.of(ErrorCodes.URL_NOT_ALLOWED, field, field + " " + why);
    }
}
