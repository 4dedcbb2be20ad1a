package io.comfyless.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.error.ConflictException;
import io.comfyless.core.error.UnauthorizedException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.tenant.Tier;
import io.comfyless.testkit.aws.AwsEmulator;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** User accounts against moto's Cognito: real sign-up, real tokens, real JWKS. */
class AccountsIT {

    private static AwsClients aws;
    private static Accounts accounts;

    @BeforeAll
    static void provision() {
        Map<String, String> env = new HashMap<>(AwsEmulator.freshResources().environment());
        env.put("ENABLE_AUTH", "true");
        RuntimeConfig config = RuntimeConfig.from(env::get);
        aws = new AwsClients(config);
        accounts = Accounts.from(config, aws, Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        aws.close();
    }

    private static String email() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    @Test
    void aRegisteredUserLogsInAndIsRecognisedAsTheirOwnTenant() {
        String email = email();
        UserAccount account = accounts.register(new Registration(email, "securepassword123", "johndoe"));

        TokenSet tokens = accounts.login(email, "securepassword123");
        AuthenticatedUser user = accounts.authenticate(tokens.accessToken());

        assertThat(user.account().id()).isEqualTo(account.id());
        assertThat(user.account().username()).isEqualTo("johndoe");
        assertThat(user.tenant().id()).isEqualTo(account.tenantId()).startsWith("tnt_");
        assertThat(user.tenant().tier()).isEqualTo(Tier.BASIC);
        assertThat(tokens.expiresIn()).isPositive();
    }

    @Test
    void eachUserGetsATenantOfTheirOwn() {
        UserAccount first = accounts.register(new Registration(email(), "securepassword123", "one"));
        UserAccount second = accounts.register(new Registration(email(), "securepassword123", "two"));

        assertThat(first.tenantId()).isNotEqualTo(second.tenantId());
    }

    @Test
    void aRefreshedTokenActsForTheSameUser() {
        String email = email();
        UserAccount account = accounts.register(new Registration(email, "securepassword123", "refresher"));
        TokenSet tokens = accounts.login(email, "securepassword123");

        TokenSet refreshed = accounts.refresh(tokens.refreshToken());

        assertThat(accounts.authenticate(refreshed.accessToken()).account().id())
                .isEqualTo(account.id());
    }

    @Test
    void afterLogoutNeitherTheTokenNorTheRefreshTokenWork() {
        String email = email();
        accounts.register(new Registration(email, "securepassword123", "leaver"));
        TokenSet tokens = accounts.login(email, "securepassword123");
        accounts.authenticate(tokens.accessToken());

        accounts.logout(tokens.accessToken());

        assertThatThrownBy(() -> accounts.authenticate(tokens.accessToken())).isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> accounts.refresh(tokens.refreshToken())).isInstanceOf(UnauthorizedException.class);
        TokenSet again = accounts.login(email, "securepassword123");
        assertThat(accounts.authenticate(again.accessToken()).account().email()).isEqualTo(email);
    }

    @Test
    void wrongPasswordsDuplicateEmailsAndWeakPasswordsAreRefused() {
        String email = email();
        accounts.register(new Registration(email, "securepassword123", "taken"));

        assertThatThrownBy(() -> accounts.login(email, "not-the-password")).isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> accounts.login(email(), "securepassword123"))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> accounts.register(new Registration(email, "securepassword123", "again")))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> accounts.register(new Registration(email(), "short", "weak")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("password");
        assertThatThrownBy(() -> accounts.register(new Registration("not-an-email", "securepassword123", "x")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("email");
    }

    @Test
    void forgedAndForeignTokensAreRefused() {
        String email = email();
        accounts.register(new Registration(email, "securepassword123", "victim"));
        String token = accounts.login(email, "securepassword123").accessToken();
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 4) + "AAAA." + parts[2];

        assertThatThrownBy(() -> accounts.authenticate(tampered)).isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> accounts.authenticate("not.a.jwt")).isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> accounts.authenticate(parts[0] + "." + parts[1] + "."))
                .isInstanceOf(UnauthorizedException.class);
    }
}
