package io.comfyless.functions.local;

import static io.comfyless.functions.local.SecuredStack.TINY;
import static io.comfyless.functions.local.SecuredStack.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.core.tenant.IssuedApiKey;
import io.comfyless.core.tenant.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tier limits over real HTTP: request windows, unfinished jobs and timeouts, counted across concurrent requests. */
class RateLimitIT {

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

    private static String header(HttpCalls.Reply reply, String name) {
        return reply.raw().headers().firstValue(name).orElse(null);
    }

    @Test
    void fiftyConcurrentRequestsGetExactlyTheBasicTiersFifteen() throws Exception {
        IssuedApiKey key = stack.secretKey(stack.newTenant(Tier.BASIC));
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<HttpCalls.Reply> replies = new ArrayList<>();
        try {
            List<Callable<HttpCalls.Reply>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(() -> http.get("/v1/workflows", bearer(key)));
            }
            for (Future<HttpCalls.Reply> reply : pool.invokeAll(calls)) {
                replies.add(reply.get());
            }
        } finally {
            pool.shutdownNow();
        }

        List<HttpCalls.Reply> served =
                replies.stream().filter(r -> r.status() == 200).toList();
        List<HttpCalls.Reply> refused =
                replies.stream().filter(r -> r.status() == 429).toList();
        assertThat(served).hasSize(15);
        assertThat(refused).hasSize(35);
        assertThat(replies).extracting(r -> header(r, "X-RateLimit-Limit")).containsOnly("15");
        assertThat(served)
                .extracting(r -> Integer.parseInt(header(r, "X-RateLimit-Remaining")))
                .containsExactlyInAnyOrder(14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        assertThat(replies)
                .extracting(r -> header(r, "X-RateLimit-Reset"))
                .containsOnly(header(replies.get(0), "X-RateLimit-Reset"));
        for (HttpCalls.Reply reply : refused) {
            assertThat(header(reply, "X-RateLimit-Remaining")).isEqualTo("0");
            assertThat(Integer.parseInt(header(reply, "Retry-After"))).isBetween(1, 60);
            assertThat(reply.json().get("error").asText()).isEqualTo("rate_limit_exceeded");
            assertThat(reply.json().get("request_id").asText()).isNotBlank();
        }
    }

    @Test
    void everyAuthenticatedAnswerCarriesTheWindow() {
        IssuedApiKey key = stack.secretKey(stack.newTenant(Tier.PRO));
        long before = Instant.now().getEpochSecond();

        HttpCalls.Reply reply = http.get("/v1/workflows", bearer(key));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(header(reply, "X-RateLimit-Limit")).isEqualTo("80");
        assertThat(header(reply, "X-RateLimit-Remaining")).isEqualTo("79");
        assertThat(Long.parseLong(header(reply, "X-RateLimit-Reset")))
                .isBetween(before + 59, Instant.now().getEpochSecond() + 61);
        assertThat(header(http.get("/v1/workflows/exec_missing", bearer(key)), "X-RateLimit-Remaining"))
                .isEqualTo("78");
        assertThat(header(http.get("/health"), "X-RateLimit-Limit")).isNull();
    }

    @Test
    void tenantsDoNotShareAWindow() {
        IssuedApiKey busy = stack.secretKey(stack.newTenant(Tier.BASIC));
        IssuedApiKey calm = stack.secretKey(stack.newTenant(Tier.BASIC));
        for (int i = 0; i < Tier.BASIC.requestsPerWindow(); i++) {
            assertThat(http.get("/v1/workflows", bearer(busy)).status()).isEqualTo(200);
        }

        assertThat(http.get("/v1/workflows", bearer(busy)).status()).isEqualTo(429);
        assertThat(http.get("/v1/workflows", bearer(calm)).status()).isEqualTo(200);
    }

    @Test
    void aBasicTenantMayHaveThirteenUnfinishedJobs() {
        IssuedApiKey key = stack.secretKey(stack.newTenant(Tier.BASIC));
        for (int i = 0; i < Tier.BASIC.maxUnfinishedJobs(); i++) {
            assertThat(http.post("/v1/workflows/execute", TINY, bearer(key)).status())
                    .as("job " + (i + 1))
                    .isEqualTo(202);
        }

        HttpCalls.Reply refused = http.post("/v1/workflows/execute", TINY, bearer(key));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("message").asText()).contains("13 unfinished executions");
        assertThat(Integer.parseInt(header(refused, "Retry-After"))).isPositive();
        assertThat(header(refused, "X-RateLimit-Remaining")).isEqualTo("1");
    }

    @Test
    void aTimeoutAboveTheTiersLimitIsA400NamingTheField() {
        IssuedApiKey key = stack.secretKey(stack.newTenant(Tier.BASIC));
        String body = TINY.substring(0, TINY.length() - 1) + ", \"execution_config\": {\"timeout\": 1800}}";

        HttpCalls.Reply refused = http.post("/v1/workflows/execute", body, bearer(key));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("details").get(0).get("field").asText()).isEqualTo("execution_config.timeout");
        assertThat(refused.json().get("message").asText()).contains("at most 300 s");
    }
}
