package io.comfyless.functions.local;

import static io.comfyless.functions.local.SecuredStack.TINY;
import static io.comfyless.functions.local.SecuredStack.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.contract.Table;
import io.comfyless.core.tenant.ApiKeySecrets;
import io.comfyless.core.tenant.ApiKeyType;
import io.comfyless.core.tenant.IssuedApiKey;
import io.comfyless.core.tenant.NewApiKey;
import io.comfyless.core.tenant.Scope;
import io.comfyless.core.tenant.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** API keys over real HTTP with {@code ENABLE_AUTH=true}: who gets in, with what, and what is never written down. */
class ApiKeyAuthenticationIT {

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

    @Test
    void healthAndReadinessStayOpen() {
        assertThat(http.get("/health").status()).isEqualTo(200);
        assertThat(http.get("/ready").status()).isEqualTo(200);
    }

    @Test
    void theApiReferenceIsOpen() {
        HttpCalls.Reply reference = http.get("/openapi.json");

        assertThat(reference.status()).isEqualTo(200);
        assertThat(reference.json().get("openapi").asText()).startsWith("3.0.");
    }

    @Test
    void withoutAKeyEveryJobRouteIs401() {
        for (HttpCalls.Reply reply : List.of(
                http.get("/v1/workflows"),
                http.post("/v1/workflows/execute", TINY),
                http.get("/v1/workflows/exec_0123456789abcdef0123/results"),
                http.get("/v1/queue/status"),
                http.get("/api/v1/tasks"),
                http.get("/v1/keys"),
                http.get("/auth/me"))) {
            assertThat(reply.status()).as(reply.raw().uri().toString()).isEqualTo(401);
            assertThat(reply.json().get("error").asText()).isEqualTo("unauthorized");
        }
    }

    @Test
    void anUnknownOrMalformedKeyIs401() {
        String unknown = new ApiKeySecrets().generate(ApiKeyType.SECRET);

        assertThat(http.get("/v1/workflows", bearer(unknown)).status()).isEqualTo(401);
        assertThat(http.get("/v1/workflows", bearer("comfyui_sk_1234567890abcdef"))
                        .status())
                .isEqualTo(401);
        assertThat(http.get("/v1/workflows", Map.of("Authorization", "Basic YWRtaW46YWRtaW4="))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aSecretKeyReadsAndSubmits() {
        IssuedApiKey key = stack.secretKey(stack.newTenant(Tier.PRO));

        HttpCalls.Reply submitted = http.post("/v1/workflows/execute", TINY, bearer(key));

        assertThat(submitted.status()).isEqualTo(202);
        String id = submitted.json().get("execution_id").asText();
        assertThat(http.get("/v1/workflows/" + id, bearer(key)).status()).isEqualTo(200);
        assertThat(http.get("/v1/queue/status", bearer(key)).status()).isEqualTo(200);
    }

    @Test
    void aKeyRevokedBeforeItsFirstUseIs401() {
        String tenant = stack.newTenant(Tier.BASIC);
        IssuedApiKey key = stack.secretKey(tenant);

        stack.keys.revoke(tenant, key.key().id());

        assertThat(http.get("/v1/workflows", bearer(key)).status()).isEqualTo(401);
    }

    @Test
    void aKeyRevokedThroughTheApiStopsWorkingAtOnce() {
        String tenant = stack.newTenant(Tier.PRO);
        IssuedApiKey admin = stack.secretKey(tenant);
        IssuedApiKey doomed = stack.secretKey(tenant);
        assertThat(http.get("/v1/workflows", bearer(doomed)).status()).isEqualTo(200);

        HttpCalls.Reply revoked = http.delete("/v1/keys/" + doomed.key().id(), bearer(admin));

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("active").asBoolean()).isFalse();
        HttpCalls.Reply refused = http.get("/v1/workflows", bearer(doomed));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("message").asText()).contains("revoked");
    }

    @Test
    void aPublicKeyMayReadButNotSubmitOrAdministerKeys() {
        IssuedApiKey browser = stack.publicKey(stack.newTenant(Tier.PRO));

        HttpCalls.Reply submit = http.post("/v1/workflows/execute", TINY, bearer(browser));

        assertThat(http.get("/v1/workflows", bearer(browser)).status()).isEqualTo(200);
        assertThat(submit.status()).isEqualTo(403);
        assertThat(submit.json().get("error").asText()).isEqualTo("forbidden");
        assertThat(submit.json().get("message").asText()).contains("workflows:write");
        assertThat(http.post("/api/v1/tasks", "{}", bearer(browser)).status()).isEqualTo(403);
        assertThat(http.get("/v1/keys", bearer(browser)).status()).isEqualTo(403);
    }

    @Test
    void aPublicKeyGrantedWriteMaySubmit() {
        IssuedApiKey app = stack.keys.create(new NewApiKey(
                stack.newTenant(Tier.PRO),
                ApiKeyType.PUBLIC,
                Set.of(Scope.WORKFLOWS_READ, Scope.WORKFLOWS_WRITE),
                "app"));

        assertThat(http.post("/v1/workflows/execute", TINY, bearer(app)).status())
                .isEqualTo(202);
    }

    @Test
    void aFieldOfTheWrongTypeIsRefusedNamingItAndNeverWidensAKey() {
        IssuedApiKey admin = stack.secretKey(stack.newTenant(Tier.PRO));

        HttpCalls.Reply scopesAsText =
                http.post("/v1/keys", "{\"type\": \"sk\", \"scopes\": \"workflows:read\"}", bearer(admin));
        HttpCalls.Reply typeAsNumber = http.post("/v1/keys", "{\"type\": 1}", bearer(admin));
        HttpCalls.Reply emptyScope = http.post("/v1/keys", "{\"scopes\": [\"\"]}", bearer(admin));

        assertThat(scopesAsText.status()).isEqualTo(400);
        assertThat(scopesAsText.json().get("error").asText()).isEqualTo("validation_error");
        assertThat(scopesAsText.json().get("details").get(0).get("field").asText())
                .isEqualTo("scopes");
        assertThat(scopesAsText.json().get("message").asText()).contains("must be an array of strings");
        assertThat(typeAsNumber.status()).isEqualTo(400);
        assertThat(typeAsNumber.json().get("details").get(0).get("field").asText())
                .isEqualTo("type");
        assertThat(emptyScope.status()).isEqualTo(400);
        assertThat(http.get("/v1/keys", bearer(admin)).json().get("keys")).hasSize(1);
    }

    @Test
    void keysIssuedThroughTheApiAreShownOnceAndWork() {
        IssuedApiKey admin = stack.secretKey(stack.newTenant(Tier.PRO));

        HttpCalls.Reply created = http.post("/v1/keys", "{\"type\": \"pk\", \"name\": \"web\"}", bearer(admin));
        HttpCalls.Reply listed = http.get("/v1/keys", bearer(admin));

        assertThat(created.status()).isEqualTo(201);
        String key = created.json().get("key").asText();
        assertThat(key).startsWith("comfyui_pk_");
        assertThat(created.json().get("scopes"))
                .extracting(JsonNode::asText)
                .containsExactly("queue:read", "workflows:read");
        assertThat(listed.raw().body())
                .doesNotContain(key)
                .doesNotContain(admin.secret())
                .contains(created.json().get("prefix").asText());
        assertThat(http.get("/v1/workflows", bearer(key)).status()).isEqualTo(200);
        assertThat(http.post("/v1/keys", "{\"type\": \"pk\", \"scopes\": [\"keys:admin\"]}", bearer(admin))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void noKeyIsEverWrittenToTheTenantsTableOrToTheLogs() {
        List<String> secrets = new ArrayList<>();
        List<String> lines;
        try (CapturedLogs logs = new CapturedLogs()) {
            String tenant = stack.newTenant(Tier.PRO);
            IssuedApiKey admin = stack.secretKey(tenant);
            secrets.add(admin.secret());
            HttpCalls.Reply created = http.post("/v1/keys", "{\"type\": \"sk\"}", bearer(admin));
            String viaApi = created.json().get("key").asText();
            secrets.add(viaApi);
            http.post("/v1/workflows/execute", TINY, bearer(viaApi));
            http.delete("/v1/keys/" + created.json().get("id").asText(), bearer(admin));
            http.get("/v1/workflows", bearer(viaApi));
            String neverIssued = new ApiKeySecrets().generate(ApiKeyType.SECRET);
            secrets.add(neverIssued);
            http.get("/v1/workflows", bearer(neverIssued));
            lines = logs.lines();
        }
        List<String> items = stack
                .aws
                .dynamo()
                .scanPaginator(r -> r.tableName(stack.resources.get(Table.TENANTS.envVar())))
                .items()
                .stream()
                .map(Object::toString)
                .toList();

        assertThat(lines).as("something was logged").isNotEmpty();
        assertThat(lines).anyMatch(line -> line.contains("Refused API key"));
        for (String secret : secrets) {
            String random = secret.substring("comfyui_sk_".length());
            assertThat(lines).noneMatch(line -> line.contains(random.substring(8)));
            assertThat(items).noneMatch(item -> item.contains(random.substring(8)));
        }
    }
}
