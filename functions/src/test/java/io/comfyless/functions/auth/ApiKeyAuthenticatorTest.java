package io.comfyless.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.core.job.IdGenerator;
import io.comfyless.core.tenant.ApiKeySecrets;
import io.comfyless.core.tenant.ApiKeyType;
import io.comfyless.core.tenant.ApiKeys;
import io.comfyless.core.tenant.IssuedApiKey;
import io.comfyless.core.tenant.NewApiKey;
import io.comfyless.core.tenant.Scope;
import io.comfyless.core.tenant.Tier;
import io.comfyless.testkit.fixtures.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApiKeyAuthenticatorTest {

    private final TestClock clock = new TestClock(Instant.parse("2025-03-01T09:00:00Z"));
    private final InMemoryTenantStore store = new InMemoryTenantStore();
    private final ApiKeys keys = new ApiKeys(store, new ApiKeySecrets(), new IdGenerator(), clock);
    private final ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(keys, clock);

    @Test
    void aKeyActsForItsTenantWithItsScopesAndTier() {
        keys.setTier("acme", Tier.PRO);
        IssuedApiKey issued = keys.create(NewApiKey.publicKey("acme", "web"));

        Caller caller = authenticator.authenticate(issued.secret()).orElseThrow();

        assertThat(caller.tenantId()).isEqualTo("acme");
        assertThat(caller.tier()).contains(Tier.PRO);
        assertThat(caller.scopes()).containsExactlyInAnyOrder(Scope.WORKFLOWS_READ, Scope.QUEUE_READ);
        assertThat(caller.keyId()).contains(issued.key().id());
        assertThat(caller.userId()).isEmpty();
    }

    @Test
    void aKeyRevokedElsewhereWorksUntilTheCacheWindowEndsAndNoLonger() {
        IssuedApiKey issued = keys.create(NewApiKey.secret("acme", null));
        authenticator.authenticate(issued.secret());

        keys.revoke("acme", issued.key().id());
        clock.advance(ApiKeyAuthenticator.CACHE_TTL.minusSeconds(1));
        boolean stillCached = authenticator.authenticate(issued.secret()).isPresent();
        clock.advance(Duration.ofSeconds(1));

        assertThat(stillCached).isTrue();
        assertThat(authenticator.authenticate(issued.secret())).isEmpty();
    }

    @Test
    void anUnknownKeyRepeatedCostsOneLookupUntilItIsForgotten() {
        String unknown = new ApiKeySecrets().generate(ApiKeyType.SECRET);

        for (int i = 0; i < 5; i++) {
            assertThat(authenticator.authenticate(unknown)).isEmpty();
        }
        int lookupsWhileRemembered = store.keyLookups.get();
        clock.advance(ApiKeyAuthenticator.UNKNOWN_TTL);
        authenticator.authenticate(unknown);

        assertThat(lookupsWhileRemembered).isEqualTo(1);
        assertThat(store.keyLookups.get()).isEqualTo(2);
    }

    @Test
    void aKeyRevokedHereIsForgottenAtOnce() {
        IssuedApiKey issued = keys.create(NewApiKey.secret("acme", null));
        authenticator.authenticate(issued.secret());

        keys.revoke("acme", issued.key().id());
        authenticator.forget(issued.key().id());

        assertThat(authenticator.authenticate(issued.secret())).isEmpty();
    }

    @Test
    void repeatedUseWithinTheWindowReadsStorageOnce() {
        IssuedApiKey issued = keys.create(NewApiKey.secret("acme", null));

        for (int i = 0; i < 5; i++) {
            authenticator.authenticate(issued.secret());
        }

        assertThat(store.keyLookups).hasValue(1);
    }

    @Test
    void malformedKeysAreRefusedWithoutALookup() {
        assertThat(authenticator.authenticate("comfyui_sk_short")).isEmpty();
        assertThat(authenticator.authenticate(ApiKeyType.SECRET.prefix() + "z".repeat(64)))
                .isEmpty();
        assertThat(store.keyLookups).hasValue(0);
    }
}
