package io.comfyless.core.account;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A stored user with what logging out left behind: when the user last signed out everywhere, and
 * the sessions ended since (kept until their tokens expire).
 */
public record UserRecord(UserAccount account, Optional<Instant> signedOutAt, Set<String> endedSessions) {

    public UserRecord {
        endedSessions = Set.copyOf(endedSessions);
    }

    /**
     * Whether a token may no longer be used. The ended session covers the token that logged out
     * and every token refreshed from it; the sign-out time covers the user's other sessions, to
     * the second (token issue times have no finer grain), so that a new login in the very second
     * of a logout still works.
     */
    public boolean revokes(VerifiedToken token) {
        return endedSessions.contains(token.sessionId())
                || signedOutAt
                        .map(at -> token.issuedAt().getEpochSecond() < at.getEpochSecond())
                        .orElse(false);
    }
}
