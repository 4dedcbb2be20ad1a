package io.comfyless.contract;

import java.time.Duration;
import java.util.List;

/**
 * The Cognito user pool behind {@code /auth/*} and its one app client. The CDK app creates them
 * with these settings and the local stack provisions the emulator the same way; the functions
 * learn the ids through {@link #USER_POOL_ID_ENV_VAR} and {@link #USER_POOL_CLIENT_ID_ENV_VAR}.
 */
public final class Identity {

    public static final String USER_POOL_ID_ENV_VAR = "COMFYLESS_USER_POOL_ID";
    public static final String USER_POOL_CLIENT_ID_ENV_VAR = "COMFYLESS_USER_POOL_CLIENT_ID";
    public static final String USER_POOL_LOGICAL_ID = "UserPool";
    public static final String USER_POOL_CLIENT_LOGICAL_ID = "UserPoolApiClient";

    /** Users sign in with their email address; the seed's {@code username} is kept as {@code preferred_username}. */
    public static final String USERNAME_ATTRIBUTE = "email";

    public static final String DISPLAY_NAME_ATTRIBUTE = "preferred_username";

    /**
     * The client's only flows: the API takes email and password itself (seed 001's login body), and
     * refreshes with the refresh token. The client has no secret: the API is its only user.
     */
    public static final List<String> AUTH_FLOWS = List.of("ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH");

    /** Seed 001 answers a login with {@code expires_in: 1800}. */
    public static final Duration ACCESS_TOKEN_VALIDITY = Duration.ofMinutes(30);

    public static final Duration REFRESH_TOKEN_VALIDITY = Duration.ofDays(30);

    public static final int PASSWORD_MIN_LENGTH = 8;

    private Identity() {}

    public static String localUserPoolName(String prefix) {
        return prefix + "-users";
    }

    public static String localClientName(String prefix) {
        return prefix + "-api";
    }
}
