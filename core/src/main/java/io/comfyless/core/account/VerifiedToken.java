package io.comfyless.core.account;

import java.time.Instant;

/**
 * An access token whose signature, issuer, audience and expiry checked out.
 *
 * @param userId    the subject
 * @param sessionId identifies the sign-in the token descends from ({@code origin_jti}), shared by
 *                  every token refreshed from it, so that logging out can end it
 */
public record VerifiedToken(String userId, String sessionId, Instant issuedAt, Instant expiresAt) {}
