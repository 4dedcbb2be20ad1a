package io.comfyless.core.account;

import io.comfyless.contract.Identity;
import io.comfyless.core.error.ConflictException;
import io.comfyless.core.error.ErrorCodes;
import io.comfyless.core.error.RateLimitedException;
import io.comfyless.core.error.UnauthorizedException;
import io.comfyless.core.error.ValidationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LimitExceededException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyFailedAttemptsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotConfirmedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

/**
 * {@link IdentityProvider} on a Cognito user pool whose users sign in with their email. The API
 * confirms new users itself ({@code AdminConfirmSignUp}) so that seed 001's register-then-login
 * works without an email round trip. Cognito's own messages are not passed on where they could
 * tell an attacker whether an email is registered.
 */
public final class CognitoIdentityProvider implements IdentityProvider {

    /** Cognito's throttling does not say for how long; a few seconds is its usual recovery. */
    private static final Duration THROTTLED_RETRY = Duration.ofSeconds(5);

    private final CognitoIdentityProviderClient cognito;
    private final String userPoolId;
    private final String clientId;

    public CognitoIdentityProvider(CognitoIdentityProviderClient cognito, String userPoolId, String clientId) {
        this.cognito = cognito;
        this.userPoolId = userPoolId;
        this.clientId = clientId;
    }

    @Override
    public String signUp(Registration registration) {
        return call(() -> {
            String subject = cognito.signUp(request -> request.clientId(clientId)
                            .username(registration.email())
                            .password(registration.password())
                            .userAttributes(List.of(
                                    AttributeType.builder()
                                            .name(Identity.USERNAME_ATTRIBUTE)
                                            .value(registration.email())
                                            .build(),
                                    AttributeType.builder()
                                            .name(Identity.DISPLAY_NAME_ATTRIBUTE)
                                            .value(registration.username())
                                            .build())))
                    .userSub();
            cognito.adminConfirmSignUp(request -> request.userPoolId(userPoolId).username(registration.email()));
            return subject;
        });
    }

    @Override
    public void delete(String email) {
        cognito.adminDeleteUser(request -> request.userPoolId(userPoolId).username(email));
    }

    @Override
    public TokenSet login(String email, String password) {
        AuthenticationResultType result = call(() -> cognito.initiateAuth(request -> request.clientId(clientId)
                        .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                        .authParameters(Map.of("USERNAME", email, "PASSWORD", password))))
                .authenticationResult();
        if (result == null) {
            throw new UnauthorizedException(
                    "This account needs a sign-in step the API does not offer; contact support");
        }
        return new TokenSet(result.accessToken(), result.refreshToken(), Duration.ofSeconds(result.expiresIn()));
    }

    @Override
    public TokenSet refresh(String refreshToken) {
        AuthenticationResultType result = call(() -> cognito.initiateAuth(request -> request.clientId(clientId)
                        .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                        .authParameters(Map.of("REFRESH_TOKEN", refreshToken))))
                .authenticationResult();
        if (result == null) {
            throw new UnauthorizedException("The refresh token is invalid or expired; log in again");
        }
        String next = result.refreshToken() == null ? refreshToken : result.refreshToken();
        return new TokenSet(result.accessToken(), next, Duration.ofSeconds(result.expiresIn()));
    }

    @Override
    public void signOut(String accessToken) {
        try {
            cognito.globalSignOut(request -> request.accessToken(accessToken));
        } catch (NotAuthorizedException alreadySignedOut) {
            // The sessions are over already; logging out again is not an error.
        }
    }

    private static <T> T call(java.util.function.Supplier<T> cognitoCall) {
        try {
            return cognitoCall.get();
        } catch (UsernameExistsException e) {
            throw new ConflictException("An account with this email already exists");
        } catch (InvalidPasswordException e) {
            throw ValidationException.of(
                    ErrorCodes.WEAK_PASSWORD,
                    "password",
                    "password must be at least " + Identity.PASSWORD_MIN_LENGTH + " characters");
        } catch (NotAuthorizedException | UserNotFoundException e) {
            throw new UnauthorizedException("Incorrect email, password or token");
        } catch (UserNotConfirmedException e) {
            throw new UnauthorizedException("This account is not confirmed yet");
        } catch (TooManyRequestsException | LimitExceededException | TooManyFailedAttemptsException e) {
            throw new RateLimitedException("Too many sign-in attempts; retry shortly", THROTTLED_RETRY, List.of());
        } catch (InvalidParameterException e) {
            throw ValidationException.of(
                    ErrorCodes.INVALID_VALUE,
                    "body",
                    "The identity provider refused the request: "
                            + e.awsErrorDetails().errorMessage());
        }
    }
}
