package io.comfyless.core.account;

/**
 * Where passwords live and tokens come from; ComfyLess never stores either. Failures are the typed
 * API errors: a taken email is a conflict, a bad password a 401, a weak password a 400 naming it.
 */
public interface IdentityProvider {

    /** Creates a confirmed user who can log in at once; returns the user's subject id. */
    String signUp(Registration registration);

    /** Removes a user, to undo a registration that could not be completed. */
    void delete(String email);

    TokenSet login(String email, String password);

    /** New access token for a refresh token; the refresh token itself is returned unchanged. */
    TokenSet refresh(String refreshToken);

    /** Ends every session of the token's user: its refresh tokens stop working at once. */
    void signOut(String accessToken);
}
