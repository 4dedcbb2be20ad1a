package io.comfyless.core.account;

import java.time.Duration;

/**
 * What a login or refresh hands the client: a short-lived access token, the refresh token that
 * gets new ones, and how long the access token lasts. {@link #toString()} shows neither token.
 */
public record TokenSet(String accessToken, String refreshToken, Duration expiresIn) {

    @Override
    public String toString() {
        return "TokenSet[expiresIn=" + expiresIn + "]";
    }
}
