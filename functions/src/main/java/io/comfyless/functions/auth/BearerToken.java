package io.comfyless.functions.auth;

import io.comfyless.functions.http.ApiRequest;
import java.util.Locale;
import java.util.Optional;

/** Reads {@code Authorization: Bearer <token>}, the one way credentials arrive (seeds 001 and 002). */
public final class BearerToken {

    private static final String SCHEME = "bearer ";

    private BearerToken() {}

    public static Optional<String> from(ApiRequest request) {
        return request.header("authorization")
                .filter(value -> value.length() > SCHEME.length()
                        && value.substring(0, SCHEME.length())
                                .toLowerCase(Locale.ROOT)
                                .equals(SCHEME))
                .map(value -> value.substring(SCHEME.length()).trim())
                .filter(token -> !token.isEmpty());
    }
}
