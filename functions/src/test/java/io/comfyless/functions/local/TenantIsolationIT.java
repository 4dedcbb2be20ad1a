package io.comfyless.functions.local;

import static io.comfyless.functions.local.SecuredStack.TINY;
import static io.comfyless.functions.local.SecuredStack.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Bucket;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobMetrics;
import io.comfyless.core.job.JobOutput;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.JobStore;
import io.comfyless.core.job.LeaseHolder;
import io.comfyless.core.storage.S3BlobStore;
import io.comfyless.core.tenant.IssuedApiKey;
import io.comfyless.core.tenant.Tier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One tenant's jobs, outputs and links do not exist for another, whatever route is asked. */
class TenantIsolationIT {

    private static SecuredStack stack;
    private static HttpCalls http;
    private static JobStore store;

    @BeforeAll
    static void start() {
        stack = SecuredStack.start();
        http = stack.http;
        store = new Adapters(RuntimeConfig.from(stack.resources.environment()::get), stack.aws).jobStore();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void anotherTenantsJobIsNotFoundOnEveryRoute() {
        IssuedApiKey owner = stack.secretKey(stack.newTenant(Tier.PRO));
        IssuedApiKey stranger = stack.secretKey(stack.newTenant(Tier.PRO));
        String id = http.post("/v1/workflows/execute", TINY, bearer(owner))
                .json()
                .get("execution_id")
                .asText();
        Map<String, String> as = bearer(stranger);

        List<HttpCalls.Reply> replies = List.of(
                http.get("/v1/workflows/" + id, as),
                http.get("/v1/workflows/" + id + "/status", as),
                http.get("/v1/workflows/" + id + "/results", as),
                http.get("/v1/workflows/" + id + "/logs", as),
                http.post("/v1/workflows/" + id + "/cancel", "", as),
                http.delete("/v1/workflows/" + id + "/cancel", as),
                http.post("/v1/workflows/" + id + "/retry", "", as),
                http.get("/api/v1/tasks/" + id, as),
                http.delete("/api/v1/tasks/" + id, as));

        for (HttpCalls.Reply reply : replies) {
            assertThat(reply.status())
                    .as(reply.raw().request().method() + " " + reply.raw().uri())
                    .isEqualTo(404);
            assertThat(reply.json().get("error").asText()).isEqualTo("not_found");
        }
        assertThat(http.get("/v1/workflows", as).raw().body()).doesNotContain(id);
        assertThat(http.get("/api/v1/tasks", as).raw().body()).doesNotContain(id);
        HttpCalls.Reply mine = http.get("/v1/workflows/" + id, bearer(owner));
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.json().get("status").asText())
                .as("the stranger's cancel changed nothing")
                .isEqualTo("pending");
    }

    @Test
    void presignedLinksAreHandedOnlyToTheJobsOwner() throws Exception {
        IssuedApiKey owner = stack.secretKey(stack.newTenant(Tier.PRO));
        IssuedApiKey stranger = stack.secretKey(stack.newTenant(Tier.PRO));
        String id = http.post("/v1/workflows/execute", TINY, bearer(owner))
                .json()
                .get("execution_id")
                .asText();
        String key = completeWithOneOutput(id);

        HttpCalls.Reply theirs = http.get("/v1/workflows/" + id + "/results", bearer(stranger));
        HttpCalls.Reply inline = http.get("/v1/workflows/" + id + "/results?download_format=base64", bearer(stranger));
        HttpCalls.Reply mine = http.get("/v1/workflows/" + id + "/results", bearer(owner));

        assertThat(theirs.status()).isEqualTo(404);
        assertThat(inline.status()).isEqualTo(404);
        assertThat(theirs.raw().body()).doesNotContain("X-Amz-Signature").doesNotContain(key);
        assertThat(mine.status()).isEqualTo(200);
        String url = mine.json()
                .get("results")
                .get("outputs")
                .get(0)
                .get("storage")
                .get("url")
                .asText();
        assertThat(url).contains("X-Amz-Signature");
        HttpResponse<byte[]> download = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
    }

    private static String completeWithOneOutput(String id) {
        Job job = store.find(id).orElseThrow();
        LeaseHolder holder = new LeaseHolder("runner-1", 1);
        Instant now = Instant.now();
        store.claim(job, holder, now.plusSeconds(60), "p", now);
        String key = "outputs/" + id + "/1/t_00001_.png";
        new S3BlobStore(stack.aws.s3(), stack.aws.presigner(), stack.resources.get(Bucket.ENV_VAR))
                .put(key, new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "image/png");
        assertThat(store.complete(
                        job,
                        holder,
                        List.of(new JobOutput("2", "t_00001_.png", key, "image/png", 4, 8, 8, "x", "output")),
                        JobMetrics.NONE,
                        now))
                .isTrue();
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        return key;
    }
}
