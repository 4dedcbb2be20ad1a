package io.comfyless.infra.identity;

import static io.comfyless.infra.Resources.list;
import static io.comfyless.infra.Resources.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Identity;
import io.comfyless.infra.Resources;
import io.comfyless.infra.SynthesizedStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class UsersTest {

    private final Template template = SynthesizedStack.withDefaults().template();

    private Map<String, Object> pool() {
        return Resources.properties(template, "AWS::Cognito::UserPool", "Identity" + Identity.USER_POOL_LOGICAL_ID);
    }

    private Map<String, Object> client() {
        return Resources.properties(
                template, "AWS::Cognito::UserPoolClient", "Identity" + Identity.USER_POOL_CLIENT_LOGICAL_ID);
    }

    @Test
    void usersSignUpThemselvesAndSignInWithTheirVerifiedEmail() {
        assertThat(pool().get("UsernameAttributes")).isEqualTo(List.of(Identity.USERNAME_ATTRIBUTE));
        assertThat(pool().get("AutoVerifiedAttributes")).isEqualTo(List.of("email"));
        assertThat(map(pool().get("AdminCreateUserConfig")).get("AllowAdminCreateUserOnly"))
                .isEqualTo(false);
        assertThat(list(pool().get("Schema")))
                .anySatisfy(
                        attribute -> assertThat(map(attribute).get("Name")).isEqualTo(Identity.DISPLAY_NAME_ATTRIBUTE));
    }

    @Test
    void passwordsNeedTheContractsLengthAndNoCharacterClassesAsSeed001Accepts() {
        assertThat(map(map(pool().get("Policies")).get("PasswordPolicy")))
                .containsAllEntriesOf(Map.of(
                        "MinimumLength",
                        Identity.PASSWORD_MIN_LENGTH,
                        "RequireLowercase",
                        false,
                        "RequireUppercase",
                        false,
                        "RequireNumbers",
                        false,
                        "RequireSymbols",
                        false));
    }

    @Test
    void thePoolIsRetainedUnlessDestroyOnRemovalIsSet() {
        assertThat(Resources.ofType(template, "AWS::Cognito::UserPool").values())
                .singleElement()
                .satisfies(pool -> assertThat(pool.get("DeletionPolicy")).isEqualTo("Retain"));
        assertThat(Resources.ofType(SynthesizedStack.withCustomSettings().template(), "AWS::Cognito::UserPool")
                        .values())
                .singleElement()
                .satisfies(pool -> assertThat(pool.get("DeletionPolicy")).isEqualTo("Delete"));
    }

    @Test
    void theClientHasNoSecretAndExactlyTheContractsFlows() {
        assertThat(client().get("GenerateSecret")).isEqualTo(false);
        assertThat(client().get("ExplicitAuthFlows")).isEqualTo(Identity.AUTH_FLOWS);
        assertThat(client()).doesNotContainKey("AllowedOAuthFlows");
    }

    @Test
    void tokensLastAsLongAsTheContractSaysAndCanBeRevoked() {
        Map<String, Object> units = map(client().get("TokenValidityUnits"));
        assertThat(client().get("AccessTokenValidity")).isEqualTo((int) Identity.ACCESS_TOKEN_VALIDITY.toMinutes());
        assertThat(units.get("AccessToken")).isEqualTo("minutes");
        assertThat(client().get("RefreshTokenValidity")).isEqualTo((int) Identity.REFRESH_TOKEN_VALIDITY.toMinutes());
        assertThat(units.get("RefreshToken")).isEqualTo("minutes");
        assertThat(client().get("EnableTokenRevocation")).isEqualTo(true);
    }

    @Test
    void signInFailuresDoNotTellWhetherAnEmailIsRegistered() {
        assertThat(client().get("PreventUserExistenceErrors")).isEqualTo("ENABLED");
    }
}
