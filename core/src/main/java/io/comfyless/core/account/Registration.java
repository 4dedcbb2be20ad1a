package io.comfyless.core.account;

/** What a new user sends. {@link #toString()} leaves the password out, so logging this is safe. */
public record Registration(String email, String password, String username) {

    @Override
    public String toString() {
        return "Registration[email=" + email + ", username=" + username + "]";
    }
}
