package io.comfyless.core.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses are public: globally reachable unicast, by the IANA special-purpose address
 * registries for IPv4 and IPv6. Everything else is refused with the reason: loopback, private,
 * link-local (cloud metadata at 169.254.169.254 and fd00:ec2::254), shared, benchmarking,
 * documentation, reserved, broadcast, multicast, and IPv6 outside global unicast ({@code 2000::/3}).
 *
 * <p>IPv6 addresses that carry an IPv4 address inside them are judged by that address too, since a
 * translator or tunnel on the path delivers the packet there: IPv4-mapped and -translated,
 * IPv4-compatible, NAT64 ({@code 64:ff9b::/96}; the local-use {@code 64:ff9b:1::/48} is never
 * public), 6to4 ({@code 2002::/16}) and Teredo ({@code 2001::/32}, server and client).
 */
final class PublicAddresses {

    private static final List<AddressRange> IPV4 = AddressRange.table("""
            0.0.0.0/8           the 'this network' block
            10.0.0.0/8          a private network address
            100.64.0.0/10       a shared (carrier-grade NAT) address
            127.0.0.0/8         a loopback address
            169.254.0.0/16      a link-local address such as cloud instance metadata
            172.16.0.0/12       a private network address
            192.0.0.0/24        an IETF protocol assignment
            192.0.2.0/24        a documentation address
            192.88.99.0/24      the deprecated 6to4 relay block
            192.168.0.0/16      a private network address
            198.18.0.0/15       a benchmarking address
            198.51.100.0/24     a documentation address
            203.0.113.0/24      a documentation address
            224.0.0.0/4         a multicast address
            255.255.255.255/32  the broadcast address
            240.0.0.0/4         a reserved address
            """);

    /** Globally reachable exceptions inside the blocks above (the registry's "Globally Reachable: True"). */
    private static final List<AddressRange> IPV4_GLOBAL = AddressRange.table("""
            192.0.0.9/32   PCP anycast
            192.0.0.10/32  TURN anycast
            """);

    private static final AddressRange NAT64 = AddressRange.of("64:ff9b::/96", "a NAT64 address");
    private static final AddressRange SIX_TO_FOUR = AddressRange.of("2002::/16", "a 6to4 address");
    private static final AddressRange TEREDO = AddressRange.of("2001::/32", "a Teredo address");
    private static final AddressRange COMPATIBLE = AddressRange.of("::/96", "an IPv4-compatible address");
    private static final AddressRange MAPPED = AddressRange.of("::ffff:0:0/96", "an IPv4-mapped address");
    private static final AddressRange TRANSLATED = AddressRange.of("::ffff:0:0:0/96", "an IPv4-translated address");

    private static final List<AddressRange> IPV6 = AddressRange.table("""
            ::/128          the unspecified address
            ::1/128         a loopback address
            64:ff9b:1::/48  a local-use NAT64 address
            100::/64        a discard-only address
            100:0:0:1::/64  a dummy address
            2001:2::/48     a benchmarking address
            2001:db8::/32   a documentation address
            2001:10::/28    a deprecated ORCHID address
            2001::/23       an IETF protocol assignment
            3fff::/20       a documentation address
            5f00::/16       a segment routing (SRv6) identifier
            fc00::/7        a private network address (unique local)
            fe80::/10       a link-local address such as cloud instance metadata
            fec0::/10       a site-local address
            ff00::/8        a multicast address
            """);

    private static final List<AddressRange> IPV6_GLOBAL = AddressRange.table("""
            2001:1::1/128    PCP anycast
            2001:1::2/128    TURN anycast
            2001:1::3/128    DNS-SD anycast
            2001:3::/32      AMT
            2001:4:112::/48  AS112
            2001:20::/28     ORCHIDv2
            2001:30::/28     drone remote ID
            """);

    private static final AddressRange GLOBAL_UNICAST = AddressRange.of("2000::/3", "global unicast");

    private PublicAddresses() {}

    /** Why {@code address} is not public; empty when it is. */
    static Optional<String> whyNot(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 4 ? whyNotV4(bytes) : whyNotV6(bytes);
    }

    private static Optional<String> whyNotV4(byte[] address) {
        if (IPV4_GLOBAL.stream().anyMatch(range -> range.contains(address))) {
            return Optional.empty();
        }
        return IPV4.stream()
                .filter(range -> range.contains(address))
                .map(AddressRange::what)
                .findFirst();
    }

    private static Optional<String> whyNotV6(byte[] address) {
        for (AddressRange range : IPV6) {
            if (range.contains(address) && IPV6_GLOBAL.stream().noneMatch(global -> global.contains(address))) {
                // Teredo sits inside the IETF block but is judged by the addresses it carries.
                if (!(TEREDO.contains(address) && range.bits() == 23)) {
                    return Optional.of(range.what());
                }
            }
        }
        if (MAPPED.contains(address)
                || TRANSLATED.contains(address)
                || COMPATIBLE.contains(address)
                || NAT64.contains(address)) {
            return embedded(slice(address, 12), form(address));
        }
        if (SIX_TO_FOUR.contains(address)) {
            return embedded(slice(address, 2), SIX_TO_FOUR.what());
        }
        if (TEREDO.contains(address)) {
            byte[] client = slice(address, 12);
            for (int i = 0; i < client.length; i++) {
                client[i] = (byte) ~client[i];
            }
            return embedded(slice(address, 4), "the server of a Teredo address")
                    .or(() -> embedded(client, "the client of a Teredo address"));
        }
        if (!GLOBAL_UNICAST.contains(address)) {
            return Optional.of("an address outside IPv6 global unicast");
        }
        return Optional.empty();
    }

    private static String form(byte[] address) {
        if (MAPPED.contains(address)) {
            return MAPPED.what();
        }
        if (TRANSLATED.contains(address)) {
            return TRANSLATED.what();
        }
        return NAT64.contains(address) ? NAT64.what() : COMPATIBLE.what();
    }

    private static Optional<String> embedded(byte[] ipv4, String form) {
        return whyNotV4(ipv4).map(reason -> reason + " (" + dotted(ipv4) + ") inside " + form);
    }

    private static byte[] slice(byte[] address, int from) {
        return Arrays.copyOfRange(address, from, from + 4);
    }

    private static String dotted(byte[] ipv4) {
        try {
            return ((Inet4Address) InetAddress.getByAddress(ipv4)).getHostAddress();
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
