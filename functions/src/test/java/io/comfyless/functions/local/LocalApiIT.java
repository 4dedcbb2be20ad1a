package io.comfyless.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.contract.Queue;
import io.comfyless.contract.Table;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.job.DynamoJobStore;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobOutput;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.LeaseHolder;
import io.comfyless.core.json.Json;
import io.comfyless.core.storage.S3BlobStore;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.aws.LocalResources;
import io.comfyless.testkit.fixtures.SeedRequests;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API over real HTTP: local gateway, Spring Cloud Function's AWS adapter, moto. */
class LocalApiIT {

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

    @Test
    void oneExecutionReadOnItsOwnShowsItsWorkflowAsItRunsAndAListLeavesWorkflowsOut() {
        String body = TINY.substring(0, TINY.length() - 1) + ", \"input_overrides\": {\"width\": 16}}";
        String id = http.post("/v1/workflows/execute", body)
                .json()
                .get("execution_id")
                .asText();

        JsonNode one = http.get("/v1/workflows/" + id).json();
        JsonNode listed = http.get("/v1/workflows?limit=100").json().get("executions");

        assertThat(one.at("/workflow/1/class_type").asText()).isEqualTo("EmptyImage");
        assertThat(one.at("/workflow/1/inputs/width").asInt()).isEqualTo(16);
        assertThat(listed.findValues("execution_id"))
                .extracting(JsonNode::asText)
                .contains(id);
        assertThat(listed).allSatisfy(item -> assertThat(item.has("workflow")).isFalse());
    }

    @Test
    void seed000CurlSubmitGetListAndCancelWorkAsDocumented() {
        HttpCalls.Reply submitted = http.post("/api/v1/tasks", SeedRequests.taskSubmit());

        assertThat(submitted.status()).isEqualTo(201);
        String id = submitted.json().get("id").asText();
        assertThat(submitted.json().get("status").asText()).isEqualTo("pending");
        assertThat(submitted.json().get("workflow_id").asText()).isEqualTo("text_to_image_v1");

        HttpCalls.Reply task = http.get("/api/v1/tasks/" + id);
        assertThat(task.status()).isEqualTo(200);
        assertThat(task.json().get("status").asText()).isEqualTo("pending");

        HttpCalls.Reply list = http.get("/api/v1/tasks");
        assertThat(list.json().get("tasks").findValuesAsText("id")).contains(id);

        HttpCalls.Reply cancelled = http.delete("/api/v1/tasks/" + id);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
        assertThat(http.get("/api/v1/tasks/" + id).json().get("status").asText())
                .isEqualTo("cancelled");
    }

    @Test
    void seed000ParameterPayloadRunsTheBuiltInTemplate() {
        HttpCalls.Reply submitted = http.post("/api/v1/tasks", SeedRequests.taskParameters());

        assertThat(submitted.status()).isEqualTo(201);
        assertThat(submitted.json().get("seed").isIntegralNumber()).isTrue();
    }

    @Test
    void seed002BodyIsAcceptedWhenItsWorkflowIsComplete() {
        ObjectNode body = (ObjectNode) Json.read(SeedRequests.seed002Execute());
        ((ObjectNode) body.get("workflow").get("nodes"))
                .set("3", Json.read("{\"class_type\": \"RandomNoise\", \"inputs\": {\"noise_seed\": 0}}"));

        HttpCalls.Reply accepted = http.post("/v1/workflows/execute", body.toString());

        assertThat(accepted.status()).isEqualTo(202);
        String id = accepted.json().get("execution_id").asText();
        assertThat(id).startsWith("exec_");
        assertThat(accepted.json().get("status").asText()).isEqualTo("accepted");
        assertThat(accepted.json().get("status_url").asText()).isEqualTo("/v1/workflows/" + id + "/status");
        assertThat(accepted.json().get("cancel_url").asText()).isEqualTo("/v1/workflows/" + id + "/cancel");
        assertThat(accepted.json().get("queue_position").asLong()).isPositive();
        assertThat(accepted.json().get("estimated_duration").asLong()).isPositive();
        assertThat(accepted.json().get("webhook_url").asText()).isEqualTo("https://api.client.com/comfyui/callback");
        assertThat(accepted.raw().body()).doesNotContain("webhook_signature_secret");

        JsonNode status = http.get("/v1/workflows/" + id + "/status").json();
        assertThat(status.get("status").asText()).isEqualTo("pending");
        assertThat(http.get("/v1/workflows/" + id).raw().body()).doesNotContain("webhook_signature_secret");
    }

    @Test
    void seed002sVerbatimExampleIsRefusedNamingItsDanglingLink() {
        HttpCalls.Reply refused = http.post("/v1/workflows/execute", SeedRequests.seed002Execute());

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).isEqualTo("workflow_validation_failed");
        assertThat(refused.json().get("details").get(0).get("node_id").asText()).isEqualTo("2");
        assertThat(refused.json().get("details").get(0).get("input").asText()).isEqualTo("noise");
    }

    @Test
    void aLinkToAMissingNodeIs400NamingTheNodeAndInput() {
        String body = "{\"workflow\": {\"1\": {\"class_type\": \"VAEDecode\", \"inputs\": {\"samples\": [\"7\", 0]}}}}";

        HttpCalls.Reply refused = http.post("/v1/workflows/execute", body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("message").asText())
                .contains("Node '1' (VAEDecode) input 'samples' links to node '7'");
        assertThat(refused.json().get("details").get(0).get("input").asText()).isEqualTo("samples");
        assertThat(refused.json().get("request_id").asText()).isNotBlank();
    }

    @Test
    void fiftyConcurrentSubmitsWithOneRequestIdCreateOneJob() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Callable<HttpCalls.Reply>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(() -> http.post("/v1/workflows/execute", TINY, Map.of("X-Request-ID", "same-key-1")));
            }
            List<HttpCalls.Reply> replies = new ArrayList<>();
            for (Future<HttpCalls.Reply> reply : pool.invokeAll(calls)) {
                replies.add(reply.get());
            }

            assertThat(replies).extracting(HttpCalls.Reply::status).containsOnly(202);
            Set<String> ids = replies.stream()
                    .map(r -> r.json().get("execution_id").asText())
                    .collect(Collectors.toSet());
            assertThat(ids).hasSize(1);
            assertThat(replies.stream().filter(r -> !r.json().get("duplicate").asBoolean()))
                    .hasSize(1);
            assertThat(queuedMessagesFor(ids.iterator().next())).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reusingARequestIdForAnotherBodyIs409() {
        http.post("/v1/workflows/execute", TINY, Map.of("X-Request-ID", "key-409"));

        HttpCalls.Reply conflict = http.post(
                "/v1/workflows/execute",
                TINY.replace("\"width\": 8", "\"width\": 9"),
                Map.of("X-Request-ID", "key-409"));

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().get("error").asText()).isEqualTo("conflict");
    }

    @Test
    void clientMistakesGetTheirOwn4xx() {
        assertThat(http.post("/v1/workflows/execute", "{not json").status()).isEqualTo(400);
        assertThat(http.post("/v1/workflows/execute", "{}")
                        .json()
                        .get("message")
                        .asText())
                .contains("'workflow' is required");
        assertThat(http.post("/v1/workflows/execute", "{\"workflow\": {\"nodes\": [], \"links\": []}}")
                        .status())
                .isEqualTo(422);
        assertThat(http.get("/v1/workflows/exec_doesnotexist").status()).isEqualTo(404);
        assertThat(http.get("/v1/workflows?status=bogus").status()).isEqualTo(400);
        assertThat(http.get("/v1/workflows?limit=1000").status()).isEqualTo(400);
        assertThat(http.get("/v1/nothing-here").status()).isEqualTo(404);
        assertThat(http.delete("/v1/workflows/execute").status()).isEqualTo(405);
        for (String notAnObject : new String[] {"[]", "[1, 2]", "\"text\"", "null", "42"}) {
            HttpCalls.Reply reply = http.post("/v1/workflows/execute", notAnObject);
            assertThat(reply.status()).as(notAnObject).isEqualTo(400);
            assertThat(reply.json().get("error").asText()).as(notAnObject).isIn("validation_error", "invalid_json");
        }
    }

    @Test
    void cancellingAPendingJobMakesTheRunnerSideSkipIt() {
        String id = http.post("/v1/workflows/execute", TINY)
                .json()
                .get("execution_id")
                .asText();

        HttpCalls.Reply cancelled = http.post("/v1/workflows/" + id + "/cancel", "");

        assertThat(cancelled.status()).isEqualTo(200);
        Job job = store.find(id).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(store.claim(
                        job, new LeaseHolder("runner-1", 1), Instant.now().plusSeconds(60), "p", Instant.now()))
                .as("a runner that receives the message cannot claim it")
                .isEmpty();
        assertThat(http.post("/v1/workflows/" + id + "/cancel", "").status())
                .as("cancelling twice")
                .isEqualTo(409);
    }

    @Test
    void aCancelledJobCanBeRetriedAsANewExecution() {
        String id = http.post("/v1/workflows/execute", TINY)
                .json()
                .get("execution_id")
                .asText();
        http.delete("/v1/workflows/" + id + "/cancel");

        HttpCalls.Reply retried = http.post("/v1/workflows/" + id + "/retry", "");

        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.json().get("execution_id").asText()).isNotEqualTo(id);
        assertThat(retried.json().get("retried_from").asText()).isEqualTo(id);
    }

    @Test
    void resultsHandOutPresignedLinksOnceOutputsExist() throws Exception {
        String id = http.post("/v1/workflows/execute", TINY)
                .json()
                .get("execution_id")
                .asText();
        assertThat(http.get("/v1/workflows/" + id + "/results")
                        .json()
                        .get("results")
                        .get("outputs"))
                .isEmpty();

        Job job = store.find(id).orElseThrow();
        LeaseHolder holder = new LeaseHolder("runner-1", 1);
        store.claim(job, holder, Instant.now().plusSeconds(60), "p", Instant.now());
        S3BlobStore blobs =
                new S3BlobStore(aws.s3(), aws.presigner(), resources.get(io.comfyless.contract.Bucket.ENV_VAR));
        String key = "outputs/" + id + "/1/t_00001_.png";
        blobs.put(key, new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "image/png");
        store.complete(
                job,
                holder,
                List.of(new JobOutput("2", "t_00001_.png", key, "image/png", 4, 8, 8, "x", "output")),
                Instant.now());

        JsonNode results = http.get("/v1/workflows/" + id + "/results").json();
        String url = results.get("results")
                .get("outputs")
                .get(0)
                .get("storage")
                .get("url")
                .asText();
        HttpResponse<byte[]> download = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(results.get("status").asText()).isEqualTo("completed");
        assertThat(results.get("results")
                        .get("outputs")
                        .get(0)
                        .get("file_info")
                        .get("dimensions")
                        .asText())
                .isEqualTo("8x8");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).containsExactly(0x89, 'P', 'N', 'G');
    }

    @Test
    void logsAndQueueStatusAreServed() {
        String id = http.post("/v1/workflows/execute", TINY)
                .json()
                .get("execution_id")
                .asText();

        assertThat(http.get("/v1/workflows/" + id + "/logs")
                        .json()
                        .get("logs")
                        .get(0)
                        .get("event")
                        .asText())
                .isEqualTo("submitted");
        assertThat(http.get("/v1/queue/status").json().get("queue_status").has("total_queued"))
                .isTrue();
        assertThat(http.get("/api/v1/queue/metrics").json().has("pending")).isTrue();
    }

    @Test
    void healthAndReadinessAnswer() {
        HttpCalls.Reply health = http.get("/health");
        HttpCalls.Reply ready = http.get("/ready");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("healthy");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").asText()).isEqualTo("ready");
    }

    @Test
    void theApiReferenceIsServedAsOpenApiJson() {
        HttpCalls.Reply reference = http.get("/openapi.json");

        assertThat(reference.status()).isEqualTo(200);
        assertThat(reference.raw().headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(reference.json().get("openapi").asText()).startsWith("3.0.");
        assertThat(reference.json().get("paths").has("/v1/workflows/execute")).isTrue();
    }

    private static long queuedMessagesFor(String id) {
        String url = resources.get(Queue.JOBS_NORMAL.envVar());
        return aws
                .sqs()
                .receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(0))
                .messages()
                .stream()
                .filter(m -> m.body().contains(id))
                .count();
    }
}
