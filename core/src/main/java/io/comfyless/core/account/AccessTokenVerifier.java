package io.comfyless.core.account;

/** Checks an access token offline, against the identity provider's published keys. */
public interface AccessTokenVerifier {

    /**
     * @throws io.comfyless.core.error.UnauthorizedException if the token is malformed, forged,
     *         expired, or meant for another issuer or client
     */
    VerifiedToken verify(String token);
}
