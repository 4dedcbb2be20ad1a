package io.comfyless.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Webhooks;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookPolicyTest {

    @Test
    void retriesBackOffExponentiallyUpToTheCap() {
        WebhookPolicy policy = WebhookPolicy.defaults();

        assertThat(policy.retryDelay(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.retryDelay(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.retryDelay(3)).isEqualTo(Duration.ofSeconds(120));
        assertThat(policy.retryDelay(7)).isEqualTo(Duration.ofSeconds(1920));
        assertThat(policy.retryDelay(8)).isEqualTo(Duration.ofSeconds(Webhooks.MAX_RETRY_DELAY_SECONDS));
        assertThat(policy.retryDelay(60)).isEqualTo(Duration.ofSeconds(Webhooks.MAX_RETRY_DELAY_SECONDS));
    }

    @Test
    void defaultsAreStrictAndMatchTheQueuesRedrivePolicy() {
        WebhookPolicy policy = WebhookPolicy.from(name -> null);

        assertThat(policy.allowInsecure()).isFalse();
        assertThat(policy.maxAttempts()).isEqualTo(8);
    }

    @Test
    void theEnvironmentOverridesEverySetting() {
        Map<String, String> env = Map.of(
                Webhooks.ALLOW_INSECURE_ENV_VAR,
                "true",
                Webhooks.MAX_ATTEMPTS_ENV_VAR,
                "4",
                Webhooks.RETRY_BASE_SECONDS_ENV_VAR,
                "1");

        WebhookPolicy policy = WebhookPolicy.from(env::get);

        assertThat(policy.allowInsecure()).isTrue();
        assertThat(policy.maxAttempts()).isEqualTo(4);
        assertThat(policy.retryDelay(3)).isEqualTo(Duration.ofSeconds(4));
    }
}
