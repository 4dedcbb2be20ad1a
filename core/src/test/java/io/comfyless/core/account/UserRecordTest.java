package io.comfyless.core.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserRecordTest {

    private static final Instant LOGOUT = Instant.parse("2025-01-01T10:00:00.700Z");
    private final UserAccount account =
            new UserAccount("sub-1", "a@example.com", "a", "tnt_1", LOGOUT.minusSeconds(3600), Optional.empty());

    private static VerifiedToken token(String session, Instant issued) {
        return new VerifiedToken("sub-1", session, issued, issued.plusSeconds(1800));
    }

    @Test
    void aSignedOutSessionIsRevokedWhateverItsTokensAge() {
        UserRecord record = new UserRecord(account, Optional.of(LOGOUT), Set.of("s-1"));

        assertThat(record.revokes(token("s-1", LOGOUT.minusSeconds(600)))).isTrue();
        assertThat(record.revokes(token("s-1", LOGOUT.plusMillis(100))))
                .as("refreshed in the same second")
                .isTrue();
    }

    @Test
    void otherSessionsEndWithTheSignOutToTheSecond() {
        UserRecord record = new UserRecord(account, Optional.of(LOGOUT), Set.of("s-1"));

        assertThat(record.revokes(token("s-2", LOGOUT.minusSeconds(1)))).isTrue();
        assertThat(record.revokes(token("s-3", Instant.parse("2025-01-01T10:00:00Z"))))
                .as("a login in the logout's second")
                .isFalse();
        assertThat(record.revokes(token("s-4", LOGOUT.plusSeconds(5)))).isFalse();
    }

    @Test
    void aUserWhoNeverSignedOutKeepsEveryToken() {
        assertThat(new UserRecord(account, Optional.empty(), Set.of()).revokes(token("s-1", LOGOUT)))
                .isFalse();
    }
}
