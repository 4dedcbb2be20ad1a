package io.comfyless.core.account;

import java.time.Instant;
import java.util.Optional;

/** Durable user accounts and their sign-outs. Passwords are not here: the identity provider has them. */
public interface UserStore {

    /** Stores a new user; their tenant is stored first, by the caller. */
    void create(UserAccount account);

    Optional<UserRecord> find(String userId);

    /** Records a logout: the session ends now, the user's older sessions too; the record is kept until {@code keepUntil}. */
    void signOut(String userId, String sessionId, Instant at, Instant keepUntil);
}
