package io.comfyless.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comfyless.contract.Table;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.error.NotFoundException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.testkit.aws.AwsEmulator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ApiKeysIT {

    private static AwsClients aws;
    private static String table;
    private static ApiKeys keys;

    @BeforeAll
    static void provision() {
        RuntimeConfig config = RuntimeConfig.from(AwsEmulator.freshResources().environment()::get);
        aws = new AwsClients(config);
        table = config.table(Table.TENANTS);
        keys = ApiKeys.from(config, aws);
    }

    @AfterAll
    static void close() {
        aws.close();
    }

    @Test
    void anIssuedKeyVerifiesAsItsTenantOnTheDefaultTier() {
        IssuedApiKey issued = keys.create(NewApiKey.secret("acme", "ci"));

        VerifiedApiKey verified = keys.verify(issued.secret()).orElseThrow();

        assertThat(verified.key().id()).isEqualTo(issued.key().id());
        assertThat(verified.key().scopes()).containsExactlyInAnyOrder(Scope.values());
        assertThat(verified.tenant().id()).isEqualTo("acme");
        assertThat(verified.tenant().tier()).isEqualTo(Tier.BASIC);
        assertThat(issued.key().displayPrefix()).isEqualTo(issued.secret().substring(0, 19) + "…");
    }

    @Test
    void aRevokedKeyNoLongerVerifiesButStaysListed() {
        IssuedApiKey issued = keys.create(NewApiKey.publicKey("revokers", "web"));

        ApiKey revoked = keys.revoke("revokers", issued.key().id());

        assertThat(revoked.active()).isFalse();
        assertThat(keys.verify(issued.secret())).isEmpty();
        assertThat(keys.list("revokers"))
                .singleElement()
                .satisfies(key -> assertThat(key.revokedAt()).isPresent());
        assertThat(keys.revoke("revokers", issued.key().id()).revokedAt()).isEqualTo(revoked.revokedAt());
    }

    @Test
    void unknownAndMalformedKeysDoNotVerify() {
        assertThat(keys.verify(new ApiKeySecrets().generate(ApiKeyType.SECRET))).isEmpty();
        assertThat(keys.verify("comfyui_sk_nope")).isEmpty();
        assertThat(keys.verify("")).isEmpty();
    }

    @Test
    void revokingAKeyOfAnotherTenantIsNotFound() {
        IssuedApiKey issued = keys.create(NewApiKey.secret("owner-a", null));

        assertThatThrownBy(() -> keys.revoke("owner-b", issued.key().id())).isInstanceOf(NotFoundException.class);
        assertThat(keys.verify(issued.secret())).isPresent();
    }

    @Test
    void publicKeysCannotBeGivenAdministration() {
        NewApiKey request =
                new NewApiKey("acme", ApiKeyType.PUBLIC, Set.of(Scope.WORKFLOWS_READ, Scope.KEYS_ADMIN), "x");

        assertThatThrownBy(() -> keys.create(request))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("keys:admin");
    }

    @Test
    void tenantIdsAreChecked() {
        assertThatThrownBy(() -> keys.create(NewApiKey.secret("Acme Corp", null)))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void aTierChangeIsSeenByTheTenantsKeys() {
        IssuedApiKey issued = keys.create(NewApiKey.secret("upgraded", null));

        keys.setTier("upgraded", Tier.PRO);

        assertThat(keys.verify(issued.secret()).orElseThrow().tenant().tier()).isEqualTo(Tier.PRO);
    }

    @Test
    void noStoredItemContainsAKeyOrItsRandomPart() {
        IssuedApiKey secret = keys.create(NewApiKey.secret("scanned", "server"));
        IssuedApiKey publicKey = keys.create(NewApiKey.publicKey("scanned", "browser"));

        List<Map<String, AttributeValue>> items = aws.dynamo().scanPaginator(r -> r.tableName(table)).items().stream()
                .toList();

        assertThat(items).isNotEmpty();
        for (IssuedApiKey issued : List.of(secret, publicKey)) {
            String random =
                    issued.secret().substring(issued.key().type().prefix().length());
            assertThat(items.toString()).doesNotContain(issued.secret()).doesNotContain(random.substring(8));
            assertThat(issued.toString()).doesNotContain(random);
        }
    }
}
