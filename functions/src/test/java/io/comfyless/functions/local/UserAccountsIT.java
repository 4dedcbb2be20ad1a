package io.comfyless.functions.local;

import static io.comfyless.functions.local.SecuredStack.TINY;
import static io.comfyless.functions.local.SecuredStack.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.tenant.Tier;
import io.comfyless.functions.auth.AuthThrottle;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Seed 001's {@code /auth/*} over real HTTP, against moto's Cognito user pool and its JWKS. */
class UserAccountsIT {

    private static final String PASSWORD = "securepassword123";
    private static SecuredStack stack;
    private static HttpCalls http;

    @BeforeAll
    static void start() {
        stack = SecuredStack.start();
        http = stack.http;
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static String email() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static HttpCalls.Reply register(String email, String password) {
        return http.post(
                "/auth/register",
                "{\"email\": \"" + email + "\", \"password\": \"" + password + "\", \"username\": \"johndoe\"}");
    }

    private static JsonNode login(String email) {
        HttpCalls.Reply reply =
                http.post("/auth/login", "{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\"}");
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }

    @Test
    void registerLoginMeRefreshAndLogoutWorkAsSeed001Shows() {
        String email = email();

        HttpCalls.Reply registered = register(email, PASSWORD);
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.json().get("email").asText()).isEqualTo(email);
        assertThat(registered.json().get("username").asText()).isEqualTo("johndoe");
        assertThat(registered.json().get("is_active").asBoolean()).isTrue();
        assertThat(registered.json().get("created_at").asText()).isNotBlank();
        assertThat(registered.json().has("updated_at")).isTrue();
        assertThat(registered.raw().body()).doesNotContain(PASSWORD);

        JsonNode tokens = login(email);
        assertThat(tokens.get("token_type").asText()).isEqualTo("bearer");
        assertThat(tokens.get("expires_in").asLong()).isPositive();
        String access = tokens.get("access_token").asText();
        String refresh = tokens.get("refresh_token").asText();

        HttpCalls.Reply me = http.get("/auth/me", bearer(access));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("id").asText())
                .isEqualTo(registered.json().get("id").asText());
        assertThat(me.json().get("email").asText()).isEqualTo(email);

        HttpCalls.Reply refreshed = http.post("/auth/refresh", "{\"refresh_token\": \"" + refresh + "\"}");
        assertThat(refreshed.status()).isEqualTo(200);
        String renewed = refreshed.json().get("access_token").asText();
        assertThat(http.get("/auth/me", bearer(renewed)).status()).isEqualTo(200);

        HttpCalls.Reply logout = http.post("/auth/logout", "", bearer(access));
        assertThat(logout.status()).isEqualTo(200);
        assertThat(logout.json().get("message").asText()).isEqualTo("Successfully logged out");

        assertThat(http.get("/auth/me", bearer(access)).status()).isEqualTo(401);
        assertThat(http.get("/auth/me", bearer(renewed)).status())
                .as("refreshed from the ended session")
                .isEqualTo(401);
        assertThat(http.post("/auth/refresh", "{\"refresh_token\": \"" + refresh + "\"}")
                        .status())
                .isEqualTo(401);
        assertThat(http.get("/auth/me", bearer(login(email).get("access_token").asText()))
                        .status())
                .as("logging in again works")
                .isEqualTo(200);
    }

    @Test
    void aUserWorksInTheirOwnTenantAndCanIssueKeysForIt() {
        String email = email();
        register(email, PASSWORD);
        String access = login(email).get("access_token").asText();

        HttpCalls.Reply submitted = http.post("/v1/workflows/execute", TINY, bearer(access));
        HttpCalls.Reply key = http.post("/v1/keys", "{\"type\": \"sk\", \"name\": \"server\"}", bearer(access));

        assertThat(submitted.status()).isEqualTo(202);
        assertThat(submitted.raw().headers().firstValue("X-RateLimit-Limit"))
                .contains(Integer.toString(Tier.BASIC.requestsPerWindow()));
        assertThat(key.status()).isEqualTo(201);
        String id = submitted.json().get("execution_id").asText();
        assertThat(http.get("/v1/workflows/" + id, bearer(key.json().get("key").asText()))
                        .status())
                .as("the key acts for the user's tenant")
                .isEqualTo(200);
        assertThat(http.get("/auth/me", bearer(key.json().get("key").asText())).status())
                .as("an API key is not a user")
                .isEqualTo(403);

        String other = email();
        register(other, PASSWORD);
        assertThat(http.get(
                                "/v1/workflows/" + id,
                                bearer(login(other).get("access_token").asText()))
                        .status())
                .as("another user's tenant")
                .isEqualTo(404);
    }

    @Test
    void mistakesGetTheirOwnStatus() {
        String email = email();
        register(email, PASSWORD);

        assertThat(register(email, PASSWORD).status()).as("the email is taken").isEqualTo(409);
        HttpCalls.Reply weak = register(email(), "short");
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.json().get("details").get(0).get("field").asText()).isEqualTo("password");
        assertThat(register("not-an-email", PASSWORD).status()).isEqualTo(400);
        assertThat(http.post("/auth/login", "{\"email\": \"" + email + "\", \"password\": \"wrong-password\"}")
                        .status())
                .isEqualTo(401);
        assertThat(http.post("/auth/login", "{\"email\": \"" + email() + "\", \"password\": \"" + PASSWORD + "\"}")
                        .status())
                .as("an unknown email looks like a wrong password")
                .isEqualTo(401);
        assertThat(http.post("/auth/refresh", "{\"refresh_token\": \"nope\"}").status())
                .isEqualTo(401);
        assertThat(http.post("/auth/refresh", "{}").status()).isEqualTo(400);
        assertThat(http.get("/auth/me", bearer("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void repeatedWrongPasswordsLockTheAccountForAWhileAsCognitoDoes() {
        String email = email();
        register(email, PASSWORD);
        String wrong = "{\"email\": \"" + email + "\", \"password\": \"wrong-password\"}";
        for (int i = 0; i < AuthThrottle.PER_ACCOUNT; i++) {
            assertThat(http.post("/auth/login", wrong).status()).isEqualTo(401);
        }

        HttpCalls.Reply locked = http.post("/auth/login", wrong);

        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.json().get("message").asText()).contains("this account");
        assertThat(locked.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(http.post("/auth/login", "{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\"}")
                        .status())
                .as("even the right password waits until the lock ends")
                .isEqualTo(429);
        assertThat(login(registered()).has("access_token"))
                .as("other accounts are not affected")
                .isTrue();
    }

    private static String registered() {
        String email = email();
        register(email, PASSWORD);
        return email;
    }

    @Test
    void passwordsAndTokensNeverReachTheLogs() {
        String email = email();
        String password = "correct-horse-" + UUID.randomUUID();
        List<String> lines;
        String access;
        try (CapturedLogs logs = new CapturedLogs()) {
            register(email, password);
            http.post("/auth/login", "{\"email\": \"" + email + "\", \"password\": \"wrong-" + password + "\"}");
            access = http.post("/auth/login", "{\"email\": \"" + email + "\", \"password\": \"" + password + "\"}")
                    .json()
                    .get("access_token")
                    .asText();
            http.get("/auth/me", bearer(access));
            http.post("/auth/logout", "", bearer(access));
            lines = logs.lines();
        }

        assertThat(lines).anyMatch(line -> line.contains("Registered user"));
        assertThat(lines).noneMatch(line -> line.contains(password));
        assertThat(lines).noneMatch(line -> line.contains(access.substring(access.lastIndexOf('.') + 1)));
    }
}
