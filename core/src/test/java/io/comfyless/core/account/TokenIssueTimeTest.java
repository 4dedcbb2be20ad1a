package io.comfyless.core.account;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comfyless.core.error.UnauthorizedException;
import io.comfyless.testkit.fixtures.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenIssueTimeTest {

    /** Knows no user: a token that passes the issue-time check is then refused for that. */
    private static final UserStore NO_USERS = new UserStore() {
        @Override
        public void create(UserAccount account) {}

        @Override
        public Optional<UserRecord> find(String userId) {
            return Optional.empty();
        }

        @Override
        public void signOut(String userId, String sessionId, Instant at, Instant keepUntil) {}
    };

    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));

    private Accounts acceptingTokensIssuedAt(Instant issued) {
        AccessTokenVerifier verifier =
                token -> new VerifiedToken("user-1", "session-1", issued, issued.plusSeconds(3600));
        return new Accounts(null, verifier, NO_USERS, null, null, clock);
    }

    @Test
    void aTokenIssuedAYearAheadIsRefused() {
        Accounts accounts = acceptingTokensIssuedAt(clock.instant().plus(Duration.ofDays(365)));

        assertThatThrownBy(() -> accounts.authenticate("token"))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("issued in the future");
    }

    @Test
    void aTokenIssuedJustAheadWithinClockSkewIsNotRefusedForItsIssueTime() {
        Accounts accounts = acceptingTokensIssuedAt(clock.instant().plus(Accounts.CLOCK_SKEW));

        assertThatThrownBy(() -> accounts.authenticate("token"))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("No account for this access token");
    }
}
