package io.comfyless.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comfyless.core.error.ValidationException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class UrlGuardTest {

    private static UrlGuard strictResolvingTo(String... addresses) {
        return new UrlGuard(false, false, host -> {
            InetAddress[] resolved = new InetAddress[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                try {
                    resolved[i] = InetAddress.getByName(addresses[i]);
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
            return resolved;
        });
    }

    @Test
    void aNameResolvingToNat64OfTheMetadataAddressIsRefused() {
        UrlGuard guard = strictResolvingTo("2606:4700::1", "64:ff9b::a9fe:a9fe");

        assertThatThrownBy(() -> guard.resolve("https://images.example.com/a.png", "image"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(
                        "image points to a link-local address such as cloud instance metadata (169.254.169.254) inside a NAT64");
    }

    @Test
    void literalEmbeddedIpv4FormsAreRefusedWithoutAnyLookup() {
        UrlGuard guard = strictResolvingTo("8.8.8.8");

        for (String url : new String[] {
            "https://[::127.0.0.1]/",
            "https://[64:ff9b::a9fe:a9fe]/",
            "https://[2002:7f00:1::]/",
            "https://198.18.0.1/",
            "https://240.0.0.1/",
            "https://255.255.255.255/"
        }) {
            assertThatThrownBy(() -> guard.checkWithoutResolving(url, "webhook_url"))
                    .as(url)
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("which is not allowed");
        }
    }

    @Test
    void theCheckedUrlCarriesTheAddressToConnectTo() {
        UrlGuard guard = strictResolvingTo("93.184.215.14");

        UrlGuard.CheckedUrl checked = guard.resolve("https://example.com/x.png", "image");

        assertThat(checked.uri().getHost()).isEqualTo("example.com");
        assertThat(checked.address().getHostAddress()).isEqualTo("93.184.215.14");
    }
}
