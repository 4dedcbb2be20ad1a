package io.comfyless.core.net;

import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.ValidationException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Decides whether ComfyLess may fetch from or post to a URL supplied by a client (input images,
 * webhooks). Only https by default, and never an address inside the network: loopback, private,
 * link-local (cloud metadata lives at 169.254.169.254 and fd00:ec2::254), carrier-grade NAT,
 * multicast or unspecified. The host is resolved and every address checked, so a public name that
 * points inward is refused too. Callers must not follow redirects without checking each hop here.
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

    public UrlGuard(boolean allowHttp, boolean allowPrivate, Resolver resolver) {
        this.allowHttp = allowHttp;
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
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
        URI uri = wellFormed(url, field);
        if (allowPrivate) {
            return uri;
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(uri.getHost());
        } catch (UnknownHostException e) {
            throw refuse(field, "names a host that does not resolve: " + uri.getHost());
        }
        for (InetAddress address : addresses) {
            String reason = blockedReason(address);
            if (reason != null) {
                throw refuse(
                        field, "points to " + reason + " (" + address.getHostAddress() + "), which is not allowed");
            }
        }
        return uri;
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
        if (address.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address (cloud instance metadata lives there)";
        }
        if (address.isSiteLocalAddress() || isUniqueLocal(address) || isCarrierGradeNat(address)) {
            return "a private network address";
        }
        if (address.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        if (address instanceof Inet6Address v6 && isIpv4Mapped(v6)) {
            try {
                return blockedReason(InetAddress.getByAddress(Arrays.copyOfRange(v6.getAddress(), 12, 16)));
            } catch (UnknownHostException impossible) {
                return "an unreadable address";
            }
        }
        return null;
    }

    private static boolean isUniqueLocal(InetAddress address) {
        return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
    }

    private static boolean isCarrierGradeNat(InetAddress address) {
        byte[] b = address.getAddress();
        return address instanceof Inet4Address && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }

    private static boolean isIpv4Mapped(Inet6Address address) {
        byte[] b = address.getAddress();
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    private static ValidationException refuse(String field, String why) {
        return ValidationException.of(ErrorCodes.URL_NOT_ALLOWED, field, field + " " + why);
    }
}
