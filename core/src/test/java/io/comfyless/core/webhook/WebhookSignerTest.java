package io.comfyless.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    @Test
    void theSignatureIsHmacSha256OfTimestampDotBodyInHex() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret-key".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256="
                + HexFormat.of().formatHex(mac.doFinal("1700000000.{\"a\":1}".getBytes(StandardCharsets.UTF_8)));

        assertThat(WebhookSigner.sign("s3cret-key", 1_700_000_000L, "{\"a\":1}"))
                .isEqualTo(expected);
    }

    @Test
    void aChangedBodyTimestampOrSecretFailsVerification() {
        String signature = WebhookSigner.sign("s3cret-key", 1_700_000_000L, "{\"a\":1}");

        assertThat(WebhookSigner.verify("s3cret-key", 1_700_000_000L, "{\"a\":1}", signature))
                .isTrue();
        assertThat(WebhookSigner.verify("s3cret-key", 1_700_000_000L, "{\"a\":2}", signature))
                .isFalse();
        assertThat(WebhookSigner.verify("s3cret-key", 1_700_000_001L, "{\"a\":1}", signature))
                .isFalse();
        assertThat(WebhookSigner.verify("other-key", 1_700_000_000L, "{\"a\":1}", signature))
                .isFalse();
        assertThat(WebhookSigner.verify("s3cret-key", 1_700_000_000L, "{\"a\":1}", null))
                .isFalse();
    }
}
