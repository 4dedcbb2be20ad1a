package io.comfyless.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The address table: what the URL guard lets through, and why it refuses the rest. */
class PublicAddressesTest {

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0.0.0.0                 | 'this network'
            0.1.2.3                 | 'this network'
            10.0.0.1                | private
            10.255.255.255          | private
            100.64.0.1              | shared
            100.127.255.254         | shared
            127.0.0.1               | loopback
            127.255.255.254         | loopback
            169.254.169.254         | link-local
            169.254.0.1             | link-local
            172.16.0.1              | private
            172.31.255.255          | private
            192.0.0.1               | IETF protocol
            192.0.0.170             | IETF protocol
            192.0.2.10              | documentation
            192.88.99.1             | 6to4 relay
            192.168.1.1             | private
            198.18.0.1              | benchmarking
            198.19.255.255          | benchmarking
            198.51.100.7            | documentation
            203.0.113.9             | documentation
            224.0.0.1               | multicast
            239.255.255.250         | multicast
            240.0.0.1               | reserved
            255.255.255.254         | reserved
            255.255.255.255         | broadcast
            ::                      | unspecified
            ::1                     | loopback
            ::127.0.0.1             | loopback address (127.0.0.1) inside an IPv4-compatible
            ::a9fe:a9fe             | link-local address such as cloud instance metadata (169.254.169.254) inside an IPv4-compatible
            ::10.0.0.1              | private network address (10.0.0.1) inside an IPv4-compatible
            ::ffff:127.0.0.1        | loopback
            ::ffff:169.254.169.254  | link-local
            ::ffff:0:127.0.0.1      | loopback address (127.0.0.1) inside an IPv4-translated
            64:ff9b::a9fe:a9fe      | link-local address such as cloud instance metadata (169.254.169.254) inside a NAT64
            64:ff9b::7f00:1         | loopback address (127.0.0.1) inside a NAT64
            64:ff9b::c0a8:101       | private network address (192.168.1.1) inside a NAT64
            64:ff9b:1::8.8.8.8      | local-use NAT64
            64:ff9b:1:ffff::1       | local-use NAT64
            2002:7f00:1::           | loopback address (127.0.0.1) inside a 6to4
            2002:a9fe:a9fe::1       | link-local address such as cloud instance metadata (169.254.169.254) inside a 6to4
            2002:c612:1::1          | benchmarking address (198.18.0.1) inside a 6to4
            2001:0:4136:e378:8000:63bf:80ff:fffe | loopback address (127.0.0.1) inside the client of a Teredo
            2001:0:7f00:1::1        | loopback address (127.0.0.1) inside the server of a Teredo
            2001:0:4136:e378:8000:63bf:5601:5601 | link-local address such as cloud instance metadata (169.254.169.254) inside the client of a Teredo
            100::1                  | discard-only
            100:0:0:1::1            | dummy
            2001:2::1               | benchmarking
            2001:db8::1             | documentation
            2001:10::1              | ORCHID
            2001:100::1             | IETF protocol
            3fff::1                 | documentation
            5f00::1                 | segment routing
            fc00::1                 | unique local
            fd00:ec2::254           | unique local
            fe80::1                 | link-local
            fec0::1                 | site-local
            ff02::1                 | multicast
            ff05::1:3               | multicast
            400::1                  | outside IPv6 global unicast
            8000::1                 | outside IPv6 global unicast
            """)
    void nonPublicAddressesAreRefusedWithTheirReason(String address, String reason) {
        assertThat(PublicAddresses.whyNot(parse(address)))
                .hasValueSatisfying(why -> assertThat(why).contains(reason));
    }

    @ParameterizedTest(name = "{0} is public")
    @CsvSource(textBlock = """
            1.1.1.1
            8.8.8.8
            52.95.110.1
            100.63.255.255
            100.128.0.1
            172.15.255.255
            172.32.0.1
            192.0.0.9
            192.0.0.10
            192.0.3.1
            192.169.0.1
            198.17.255.255
            198.20.0.1
            223.255.255.255
            ::ffff:8.8.8.8
            ::8.8.8.8
            64:ff9b::808:808
            2002:808:808::1
            2001:0:4136:e378:8000:63bf:f7f7:f7f7
            2001:1::1
            2001:4:112::1
            2001:20::1
            2606:4700:4700::1111
            2a00:1450:4001:80b::200e
            2600:1f18::1
            """)
    void publicAddressesPass(String address) {
        assertThat(PublicAddresses.whyNot(parse(address))).isEmpty();
    }

    private static InetAddress parse(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
