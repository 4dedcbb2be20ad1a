package io.comfyless.functions.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.comfyless.contract.Settings;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobService;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.Lane;
import io.comfyless.core.job.Submission;
import io.comfyless.core.json.Json;
import io.comfyless.core.queue.Delivery;
import io.comfyless.core.queue.JobQueue;
import io.comfyless.functions.ApiFactory;
import io.comfyless.functions.Handlers;
import io.comfyless.testkit.aws.LocalResources;
import io.comfyless.testkit.aws.MotoServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The AWS endpoint stalls (the emulator process is frozen with SIGSTOP) and comes back (SIGCONT).
 * The API must answer 503 in the error shape within three seconds, {@code /ready} within two; work
 * begun by a patient process (a batch, a schedule, a runner) must wait the stall out and be done
 * afterwards, and nothing stored before the stall may be missing after it. This class owns its
 * emulator, so freezing it cannot stall any other test.
 */
class StalledAwsIT {

    private static final String TINY =
            "{\"workflow\": {\"1\": {\"class_type\": \"EmptyImage\", \"inputs\": {\"width\": 8, \"height\": 8,"
                    + " \"batch_size\": 1, \"color\": 0}}, \"2\": {\"class_type\": \"SaveImage\", \"inputs\":"
                    + " {\"images\": [\"1\", 0], \"filename_prefix\": \"t\"}}}}";

    private static MotoServer moto;
    private static LocalApi api;
    private static AwsClients patient;
    private static Adapters adapters;
    private static HttpCalls http;

    @BeforeAll
    static void start() {
        moto = MotoServer.start(
                Path.of("target", "moto-stalled-" + ProcessHandle.current().pid() + ".log"));
        LocalResources resources = LocalResources.provision(
                moto.endpoint(), "st" + UUID.randomUUID().toString().substring(0, 6));
        // The deployed deadline, not the local stack's allowance for a slow emulator.
        Map<String, String> deployed = new HashMap<>(resources.environment());
        deployed.remove(Settings.API_AWS_DEADLINE_MS);
        api = LocalApi.start(deployed, 0);
        RuntimeConfig config = RuntimeConfig.from(resources.environment()::get);
        patient = new AwsClients(config);
        adapters = new Adapters(config, patient);
        http = new HttpCalls(api.url());
    }

    @AfterEach
    void neverLeaveItFrozen() {
        moto.resume();
    }

    @AfterAll
    static void stop() {
        api.close();
        patient.close();
        moto.close();
    }

    @Test
    void aStalledDependencyIsA503WithinSecondsAndNothingIsLostWhenItComesBack() throws Exception {
        String before = http.post("/v1/workflows/execute", TINY)
                .json()
                .get("execution_id")
                .asText();
        JobService patientJobs = ApiFactory.jobService(adapters, Clock.systemUTC());

        moto.pause();
        CompletableFuture<Submission> waitingOut = CompletableFuture.supplyAsync(() -> patientJobs.submit(
                "default",
                Handlers.parser(adapters).parseExecution("default", Json.read(TINY), Map.of()),
                Optional.empty()));
        Timed<HttpCalls.Reply> submit = Timed.of(() -> http.post("/v1/workflows/execute", TINY));
        Timed<HttpCalls.Reply> ready = Timed.of(() -> http.get("/ready"));
        Timed<HttpCalls.Reply> read = Timed.of(() -> http.get("/v1/workflows/" + before));

        assertThat(submit.reply().status()).isEqualTo(503);
        assertThat(submit.elapsed()).isLessThan(Duration.ofSeconds(3));
        assertThat(submit.reply().json().get("error").asText()).isEqualTo("service_unavailable");
        assertThat(submit.reply().json().get("code").asInt()).isEqualTo(503);
        assertThat(submit.reply().json().get("request_id").asText()).isNotBlank();
        assertThat(read.reply().status()).isEqualTo(503);
        assertThat(read.elapsed()).isLessThan(Duration.ofSeconds(3));
        assertThat(ready.reply().status()).isEqualTo(503);
        assertThat(ready.elapsed()).isLessThan(Duration.ofSeconds(2));
        assertThat(ready.reply().json().get("error").asText()).isEqualTo("service_unavailable");
        assertThat(waitingOut).isNotDone();

        moto.resume();

        Submission after = waitingOut.get(60, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(http.get("/ready").status()).isEqualTo(200));
        assertThat(http.post("/v1/workflows/execute", TINY).status()).isEqualTo(202);
        Set<String> queued = drain(adapters.jobQueue());
        assertThat(queued).contains(before, after.job().id());
        for (String id : Set.of(before, after.job().id())) {
            Job job = adapters.jobStore().find(id).orElseThrow();
            assertThat(job.status()).isEqualTo(JobStatus.PENDING);
        }
        assertThat(http.get("/v1/workflows/" + before).status()).isEqualTo(200);
    }

    private static Set<String> drain(JobQueue queue) {
        Set<String> ids = new HashSet<>();
        for (Lane lane : Lane.values()) {
            for (Delivery delivery : queue.receive(lane, 10, Duration.ZERO, Duration.ofSeconds(30))) {
                delivery.message().ifPresent(message -> ids.add(message.jobId()));
            }
        }
        return ids;
    }

    /** An answer with how long it took. */
    private record Timed<T>(T reply, Duration elapsed) {

        static <T> Timed<T> of(java.util.function.Supplier<T> call) {
            long started = System.nanoTime();
            T reply = call.get();
            return new Timed<>(reply, Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
