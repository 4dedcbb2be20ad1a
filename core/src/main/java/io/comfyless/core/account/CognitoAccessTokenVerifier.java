package io.comfyless.core.account;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.comfyless.core.error.ServiceUnavailableException;
import io.comfyless.core.error.UnauthorizedException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies Cognito access tokens offline: RS256 signature against the pool's JWKS (fetched once,
 * cached and refreshed by Nimbus when a new key id appears), the pool's issuer,
 * {@code token_use=access}, our app client's {@code client_id}, and expiry with a minute of clock
 * skew. No call to Cognito per request.
 */
public final class CognitoAccessTokenVerifier implements AccessTokenVerifier {

    private static final int TIMEOUT_MILLIS = 2_000;
    private static final int MAX_JWKS_BYTES = 64 * 1024;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    CognitoAccessTokenVerifier(String issuer, URL jwks, String clientId) {
        JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(
                        jwks, new DefaultResourceRetriever(TIMEOUT_MILLIS, TIMEOUT_MILLIS, MAX_JWKS_BYTES))
                .retrying(true)
                .build();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder()
                        .issuer(issuer)
                        .claim("token_use", "access")
                        .claim("client_id", clientId)
                        .build(),
                Set.of("sub", "exp", "iat", "jti")));
    }

    /**
     * The verifier for a pool. Tokens always name the AWS issuer
     * ({@code https://cognito-idp.REGION.amazonaws.com/POOL}); with an emulator endpoint the keys
     * are fetched from {@code ENDPOINT/POOL/.well-known/jwks.json} instead, where moto serves them.
     */
    public static CognitoAccessTokenVerifier forPool(
            String region, String userPoolId, String clientId, Optional<URI> endpoint) {
        String issuer = "https://cognito-idp." + region + ".amazonaws.com/" + userPoolId;
        String base = endpoint.map(uri -> uri.toString().replaceAll("/+$", "") + "/" + userPoolId)
                .orElse(issuer);
        try {
            return new CognitoAccessTokenVerifier(
                    issuer, URI.create(base + "/.well-known/jwks.json").toURL(), clientId);
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Bad JWKS location " + base, e);
        }
    }

    @Override
    public VerifiedToken verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (KeySourceException e) {
            throw new ServiceUnavailableException(
                    "The identity provider's signing keys cannot be fetched; retry shortly");
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new UnauthorizedException("Invalid or expired access token");
        }
        Object origin = claims.getClaim("origin_jti");
        String session = origin instanceof String value && !value.isBlank() ? value : claims.getJWTID();
        return new VerifiedToken(
                claims.getSubject(),
                session,
                claims.getIssueTime().toInstant(),
                claims.getExpirationTime().toInstant());
    }
}
