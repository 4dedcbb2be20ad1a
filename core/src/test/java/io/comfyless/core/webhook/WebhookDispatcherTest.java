package io.comfyless.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.core.json.Json;
import io.comfyless.core.net.UrlGuard;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookDispatcherTest {

    /** Resolves every name to the address given, as a hostile DNS would. */
    private static UrlGuard strictResolvingTo(String address) {
        return new UrlGuard(false, false, host -> {
            try {
                return new InetAddress[] {InetAddress.getByName(address)};
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static WebhookMessage to(String url) {
        return new WebhookMessage(
                "tenant-a",
                "exec_1",
                url,
                "evt_1",
                "execution.completed",
                "workflow.completed",
                Instant.parse("2025-01-01T00:00:00Z"),
                Json.object().put("status", "completed"));
    }

    @Test
    void aPublicNameThatResolvesToTheMetadataAddressIsRefusedAtDelivery() {
        WebhookDispatcher dispatcher = new WebhookDispatcher(
                strictResolvingTo("169.254.169.254"),
                new SigningKeys(null, null),
                WebhookPolicy.defaults(),
                Clock.systemUTC());

        DeliveryResult result = dispatcher.deliver(to("https://hooks.example.com/in"), 1);

        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.REFUSED);
        assertThat(result.detail()).contains("link-local").contains("169.254.169.254");
    }

    @Test
    void aPublicNameThatResolvesToLoopbackIsRefusedAtDelivery() {
        WebhookDispatcher dispatcher = new WebhookDispatcher(
                strictResolvingTo("127.0.0.1"),
                new SigningKeys(null, null),
                WebhookPolicy.defaults(),
                Clock.systemUTC());

        DeliveryResult result = dispatcher.deliver(to("https://rebind.example.com/in"), 1);

        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.REFUSED);
        assertThat(result.detail()).contains("loopback");
    }

    @Test
    void plainHttpIsRefusedUnlessInsecureReceiversAreAllowed() {
        WebhookDispatcher dispatcher = new WebhookDispatcher(
                strictResolvingTo("93.184.216.34"),
                new SigningKeys(null, null),
                WebhookPolicy.defaults(),
                Clock.systemUTC());

        assertThat(dispatcher.deliver(to("http://hooks.example.com/in"), 1).outcome())
                .isEqualTo(DeliveryResult.Outcome.REFUSED);
    }
}
