package io.comfyless.infra.identity;

import io.comfyless.contract.Identity;
import io.comfyless.infra.Nag;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.AutoVerifiedAttrs;
import software.amazon.awscdk.services.cognito.CfnUserPoolClient;
import software.amazon.awscdk.services.cognito.FeaturePlan;
import software.amazon.awscdk.services.cognito.IUserPool;
import software.amazon.awscdk.services.cognito.IUserPoolClient;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.StandardAttribute;
import software.amazon.awscdk.services.cognito.StandardAttributes;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.constructs.Construct;

/**
 * The Cognito user pool behind {@code /auth/*} and its one app client, configured from
 * {@link Identity} as the local stack configures its emulator. The API function is the client's
 * only user: it takes email and password itself (seed 001's login body), confirms new users itself
 * and verifies access tokens itself, so the client has no secret, no OAuth and no hosted UI.
 */
public final class Users extends Construct {

    private final UserPool pool;
    private final UserPoolClient client;

    public Users(Construct scope, String id, RemovalPolicy removalPolicy) {
        super(scope, id);
        pool = UserPool.Builder.create(this, Identity.USER_POOL_LOGICAL_ID)
                .selfSignUpEnabled(true)
                .signInAliases(SignInAliases.builder().email(true).build())
                .autoVerify(AutoVerifiedAttrs.builder().email(true).build())
                .standardAttributes(StandardAttributes.builder()
                        .preferredUsername(StandardAttribute.builder()
                                .required(false)
                                .mutable(true)
                                .build())
                        .build())
                // Length only: seed 001 accepts any password of eight characters or more, and its
                // example password has no upper-case letter, digit or symbol.
                .passwordPolicy(PasswordPolicy.builder()
                        .minLength(Identity.PASSWORD_MIN_LENGTH)
                        .requireLowercase(false)
                        .requireUppercase(false)
                        .requireDigits(false)
                        .requireSymbols(false)
                        .build())
                .mfa(Mfa.OFF)
                .accountRecovery(AccountRecovery.EMAIL_ONLY)
                // Lite covers password sign-in, refresh tokens and revocation, at the lowest price per user.
                .featurePlan(FeaturePlan.LITE)
                .removalPolicy(removalPolicy)
                .build();
        Nag.suppress(
                pool,
                "AwsSolutions-COG1",
                "Seed compatibility: seed 001 accepts any password of at least eight characters (its own example"
                        + " has no upper-case letter, digit or symbol); the length comes from the contract (Identity).");
        Nag.suppress(
                pool,
                "AwsSolutions-COG2",
                "API-key-first product: API keys are the primary credential, and seed 001's login flow (email and"
                        + " password in one request, answered with tokens) has no second step for MFA.");
        Nag.suppress(
                pool,
                "AwsSolutions-COG3",
                "Cost: threat protection (advanced security) needs the Plus feature plan, billed per monthly active"
                        + " user; Cognito's own lockout after repeated failed sign-ins stays in force.");

        client = UserPoolClient.Builder.create(this, Identity.USER_POOL_CLIENT_LOGICAL_ID)
                .userPool(pool)
                .generateSecret(false)
                .authFlows(AuthFlow.builder().userPassword(true).build())
                .disableOAuth(true)
                .accessTokenValidity(minutes(Identity.ACCESS_TOKEN_VALIDITY))
                .idTokenValidity(minutes(Identity.ACCESS_TOKEN_VALIDITY))
                .refreshTokenValidity(minutes(Identity.REFRESH_TOKEN_VALIDITY))
                .enableTokenRevocation(true)
                .preventUserExistenceErrors(true)
                .build();
        // Exactly the contract's flows (CDK's AuthFlow adds the refresh flow implicitly; say it outright).
        ((CfnUserPoolClient) client.getNode().getDefaultChild()).setExplicitAuthFlows(Identity.AUTH_FLOWS);
    }

    public IUserPool pool() {
        return pool;
    }

    public IUserPoolClient client() {
        return client;
    }

    private static Duration minutes(java.time.Duration duration) {
        return Duration.minutes(duration.toMinutes());
    }
}
