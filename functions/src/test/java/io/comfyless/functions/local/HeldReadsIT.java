package io.comfyless.functions.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.contract.Table;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.job.DynamoJobStore;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.LeaseHolder;
import io.comfyless.core.job.Progress;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.aws.LocalResources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ?wait=N} on job reads and on execute, over real HTTP through the local gateway. The test plays
 * the runner's part by writing to the job store.
 */
class HeldReadsIT {

    private static LocalResources resources;
    private static LocalApi api;
    private static AwsClients aws;
    private static DynamoJobStore store;
    private static HttpCalls http;

    private static final String TINY =
            "{\"workflow\": {\"1\": {\"class_type\": \"EmptyImage\", \"inputs\": {\"width\": 8, \"height\": 8,"
                    + " \"batch_size\": 1, \"color\": 0}}, \"2\": {\"class_type\": \"SaveImage\", \"inputs\": {\"images\": [\"1\", 0],"
                    + " \"filename_prefix\": \"t\"}}}}";

    @BeforeAll
    static void start() {
        resources = AwsEmulator.freshResources();
        api = LocalApi.start(resources.environment(), 0);
        aws = new AwsClients(RuntimeConfig.from(resources.environment()::get));
        store = new DynamoJobStore(aws.dynamo(), resources.get(Table.JOBS.envVar()));
        http = new HttpCalls(api.url());
    }

    @AfterAll
    static void stop() {
        api.close();
        aws.close();
    }

    private static String submit() {
        return http.post("/v1/workflows/execute", TINY)
                .json()
                .get("execution_id")
                .asText();
    }

    @Test
    void aHeldReadAnswersAsSoonAsTheJobsProgressChanges() {
        String id = submit();
        LeaseHolder holder = new LeaseHolder("runner-1", 1);
        Job running = store.claim(id, "default", holder, Instant.now().plusSeconds(60), "p", Instant.now())
                .orElseThrow();

        CompletableFuture<HttpCalls.Reply> held =
                CompletableFuture.supplyAsync(() -> http.get("/v1/workflows/" + id + "/status?wait=20"));
        // Progress keeps moving, as a runner's would; whenever the read began, a later step changes the job.
        AtomicInteger step = new AtomicInteger();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    int done = step.incrementAndGet();
                    store.renewLease(
                            running,
                            holder,
                            Instant.now().plusSeconds(60),
                            Optional.of(
                                    new Progress(done, "1", "EmptyImage", done, 100, 0, 2, Instant.now(), null, null)));
                    return held.isDone();
                });

        HttpCalls.Reply reply = held.join();
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("status").asText()).isEqualTo("running");
        assertThat(reply.json().get("percentage").asDouble()).isPositive();
    }

    @Test
    void aHeldReadOfAJobThatDoesNotChangeAnswersWhenTheWaitEnds() {
        String id = submit();
        long start = System.nanoTime();

        HttpCalls.Reply reply = http.get("/v1/workflows/" + id + "?wait=2");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("status").asText()).isEqualTo("pending");
    }

    @Test
    void aHeldReadOfAFinishedJobAnswersAtOnce() {
        String id = submit();
        http.post("/v1/workflows/" + id + "/cancel", "");
        long start = System.nanoTime();

        HttpCalls.Reply reply = http.get("/v1/workflows/" + id + "?wait=25");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(reply.json().get("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void executeWithWaitIsTheUsual202WhenTheJobDoesNotFinishInTime() {
        HttpCalls.Reply reply = http.post("/v1/workflows/execute?wait=1", TINY);

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().get("status").asText()).isEqualTo("accepted");
        assertThat(reply.json().get("execution_id").asText()).startsWith("exec_");
    }

    @Test
    void executeWithWaitAnswersWithTheResultsOfAJobThatEndsInTime() {
        String tag = UUID.randomUUID().toString();
        String body = TINY.substring(0, TINY.length() - 1) + ", \"metadata\": {\"tag\": \"" + tag + "\"}}";
        // The job is cancelled as soon as it appears: a job that ends, with no runner about.
        CompletableFuture<Void> canceller = CompletableFuture.runAsync(() -> await().atMost(Duration.ofSeconds(15))
                .until(() -> {
                    for (JsonNode job : http.get("/v1/workflows?status=pending&limit=100")
                            .json()
                            .get("executions")) {
                        if (job.path("metadata").path("tag").asText().equals(tag)) {
                            http.post("/v1/workflows/" + job.get("execution_id").asText() + "/cancel", "");
                            return true;
                        }
                    }
                    return false;
                }));

        HttpCalls.Reply reply = http.post("/v1/workflows/execute?wait=20", body);

        canceller.join();
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("status").asText()).isEqualTo("cancelled");
        assertThat(reply.json().get("results").get("outputs")).isEmpty();
        assertThat(reply.json().has("execution_metrics")).isTrue();
    }

    @Test
    void aBadWaitIsA400NamingTheParameter() {
        String id = submit();
        for (String wait : List.of("abc", "-1", "26", "1.5")) {
            for (HttpCalls.Reply reply : List.of(
                    http.get("/v1/workflows/" + id + "?wait=" + wait),
                    http.get("/v1/workflows/" + id + "/status?wait=" + wait),
                    http.post("/v1/workflows/execute?wait=" + wait, TINY))) {
                assertThat(reply.status()).as("wait=%s", wait).isEqualTo(400);
                assertThat(reply.json().get("error").asText()).isEqualTo("validation_error");
                assertThat(reply.json().get("message").asText()).contains("'wait'", "0 to 25");
            }
        }
    }
}
