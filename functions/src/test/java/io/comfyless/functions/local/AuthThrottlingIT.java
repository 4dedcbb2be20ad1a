package io.comfyless.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.core.tenant.ApiKeySecrets;
import io.comfyless.core.tenant.ApiKeyType;
import io.comfyless.core.tenant.IssuedApiKey;
import io.comfyless.core.tenant.Tier;
import io.comfyless.functions.auth.AuthThrottle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Failed authentication over real HTTP: one key prefix, then one source address, past their limits.
 * One test, in order: every request of this class comes from the same address and counts there.
 */
class AuthThrottlingIT {

    private static SecuredStack stack;

    @BeforeAll
    static void start() {
        stack = SecuredStack.start();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static String unknownKey() {
        return new ApiKeySecrets().generate(ApiKeyType.SECRET);
    }

    @Test
    void failuresAreThrottledPerKeyPrefixThenPerAddressAndThrottledCallersAreRefusedBeforeAnyLookup() {
        IssuedApiKey valid = stack.secretKey(stack.newTenant(Tier.PRO));
        String stale = unknownKey();
        for (int i = 0; i < AuthThrottle.PER_KEY_PREFIX; i++) {
            assertThat(stack.http
                            .get("/v1/workflows", SecuredStack.bearer(stale))
                            .status())
                    .isEqualTo(401);
        }

        HttpCalls.Reply keyThrottled = stack.http.get("/v1/workflows", SecuredStack.bearer(stale));

        assertThat(keyThrottled.status()).isEqualTo(429);
        assertThat(keyThrottled.json().get("error").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(keyThrottled.json().get("message").asText()).contains("this API key");
        assertThat(keyThrottled.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(stack.http.get("/v1/workflows", SecuredStack.bearer(valid)).status())
                .as("another key from the same address still works")
                .isEqualTo(200);

        int failures = AuthThrottle.PER_KEY_PREFIX + 1;
        int status = 401;
        while (status == 401 && failures <= AuthThrottle.PER_SOURCE) {
            status = stack.http
                    .get("/v1/workflows", SecuredStack.bearer(unknownKey()))
                    .status();
            failures++;
        }
        HttpCalls.Reply addressThrottled = stack.http.get("/v1/workflows", SecuredStack.bearer(unknownKey()));

        assertThat(status).isEqualTo(429);
        assertThat(failures).isEqualTo(AuthThrottle.PER_SOURCE + 1);
        assertThat(addressThrottled.status()).isEqualTo(429);
        assertThat(addressThrottled.json().get("message").asText()).contains("this address");
        IssuedApiKey unseen = stack.secretKey(stack.newTenant(Tier.PRO));
        assertThat(stack.http.get("/v1/workflows", SecuredStack.bearer(unseen)).status())
                .as("a throttled address is refused before a key is looked up")
                .isEqualTo(429);
        assertThat(stack.http.get("/v1/workflows", SecuredStack.bearer(valid)).status())
                .as("a key recognised moments ago needs no lookup and still works")
                .isEqualTo(200);
        assertThat(stack.http.get("/health").status())
                .as("open routes stay open")
                .isEqualTo(200);
    }
}
