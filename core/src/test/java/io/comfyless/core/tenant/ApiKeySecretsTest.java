package io.comfyless.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeySecretsTest {

    private final ApiKeySecrets secrets = new ApiKeySecrets();

    @Test
    void keysCarryTheirTypesPrefixAnd256RandomBits() {
        String secret = secrets.generate(ApiKeyType.SECRET);
        String publicKey = secrets.generate(ApiKeyType.PUBLIC);

        assertThat(secret).startsWith("comfyui_sk_").hasSize("comfyui_sk_".length() + 64);
        assertThat(publicKey).startsWith("comfyui_pk_").matches("comfyui_pk_[0-9a-f]{64}");
        assertThat(ApiKeyType.ofKey(secret)).contains(ApiKeyType.SECRET);
        assertThat(ApiKeyType.ofKey(publicKey)).contains(ApiKeyType.PUBLIC);
    }

    @Test
    void noTwoKeysAreAlike() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            keys.add(secrets.generate(ApiKeyType.SECRET));
        }
        assertThat(keys).hasSize(1000);
    }

    @Test
    void theHashIsStableAndRevealsNothingOfTheKey() {
        String key = secrets.generate(ApiKeyType.SECRET);

        assertThat(ApiKeySecrets.hash(key))
                .isEqualTo(ApiKeySecrets.hash(key))
                .hasSize(64)
                .doesNotContain(key.substring("comfyui_sk_".length(), "comfyui_sk_".length() + 8));
        assertThat(ApiKeySecrets.hash(key)).isNotEqualTo(ApiKeySecrets.hash(key + "0"));
    }

    @Test
    void theDisplayPrefixShowsEightCharactersOfTheRandomPart() {
        String key = secrets.generate(ApiKeyType.PUBLIC);

        assertThat(ApiKeySecrets.displayPrefix(ApiKeyType.PUBLIC, key)).isEqualTo(key.substring(0, 19) + "…");
    }

    @Test
    void junkIsNotWellFormed() {
        assertThat(ApiKeySecrets.wellFormed(secrets.generate(ApiKeyType.SECRET)))
                .isTrue();
        assertThat(ApiKeySecrets.wellFormed("comfyui_sk_1234567890abcdef")).isFalse();
        assertThat(ApiKeySecrets.wellFormed("comfyui_xx_" + "a".repeat(64))).isFalse();
        assertThat(ApiKeySecrets.wellFormed("comfyui_sk_" + "G".repeat(64))).isFalse();
        assertThat(ApiKeySecrets.wellFormed("eyJhbGciOiJSUzI1NiJ9.e30.sig")).isFalse();
    }

    @Test
    void publicKeysNeverAdministerKeysAndOnlyReadByDefault() {
        assertThat(ApiKeyType.PUBLIC.allowedScopes()).doesNotContain(Scope.KEYS_ADMIN);
        assertThat(ApiKeyType.PUBLIC.defaultScopes()).containsExactlyInAnyOrder(Scope.WORKFLOWS_READ, Scope.QUEUE_READ);
        assertThat(ApiKeyType.SECRET.defaultScopes()).containsExactlyInAnyOrder(Scope.values());
    }
}
