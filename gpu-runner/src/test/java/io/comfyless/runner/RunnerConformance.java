package io.comfyless.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobFailure;
import io.comfyless.core.job.JobOutput;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.LogEntry;
import io.comfyless.core.json.Json;
import io.comfyless.core.worker.Worker;
import io.comfyless.core.worker.WorkerState;
import io.comfyless.testkit.aws.ProjectRoot;
import io.comfyless.testkit.comfyui.ComfyUiInstance;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a runner must do with any ComfyUI, run against the protocol double and a real ComfyUI (the older one
 * {@code scripts/setup-comfyui.sh} installs, which chooses its own prompt ids, answers an unknown node with a 500 and
 * ends a prompt without {@code execution_success}). One ComfyUI serves the class; each test gets fresh AWS resources.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RunnerConformance {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final AtomicInteger COLORS =
            new AtomicInteger(ThreadLocalRandom.current().nextInt(1, 0xFF0000));

    ComfyUiInstance comfy;
    RunnerStack stack;

    abstract ComfyUiInstance startServer();

    /**
     * EmptyImage (1) into ImageBlur (2) into ImageInvert (3) into SaveImage (4), where node 2 takes a few seconds on
     * this server and, not being a sampler, cannot be interrupted before it ends.
     */
    abstract String slowWorkflow(String prefix);

    @BeforeAll
    void startComfyUi() {
        comfy = startServer();
    }

    @AfterAll
    void stopComfyUi() {
        if (comfy != null) {
            comfy.close();
        }
    }

    @BeforeEach
    void startStack() {
        if (!comfy.isRunning()) {
            comfy.restart();
        }
        stack = new RunnerStack(comfy);
    }

    @AfterEach
    void stopStack() {
        stack.close();
    }

    /** A colour no other job of this run uses, so ComfyUI's cache serves nothing unasked. */
    static int freshColor() {
        return COLORS.addAndGet(7919) & 0xFFFFFF;
    }

    static String blur(int size, String prefix) {
        return """
                {"1": {"class_type": "EmptyImage", "inputs": {"width": %d, "height": %d, "batch_size": 1, "color": %d}},
                 "2": {"class_type": "ImageBlur", "inputs": {"image": ["1", 0], "blur_radius": 31, "sigma": 1.0}},
                 "3": {"class_type": "ImageInvert", "inputs": {"image": ["2", 0]}},
                 "4": {"class_type": "SaveImage", "inputs": {"images": ["3", 0], "filename_prefix": "%s"}}}
                """.formatted(size, size, freshColor(), prefix);
    }

    Job awaitStatus(String id, JobStatus status) {
        await().atMost(PATIENCE).until(() -> stack.job(id).status() == status);
        return stack.job(id);
    }

    /** The history entry ComfyUI keeps for a job's prompt, found by the job id the runner puts in extra_data. */
    Optional<JsonNode> comfyHistory(String jobId) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        HttpRequest.newBuilder(comfy.base().resolve("/history")).build(),
                        HttpResponse.BodyHandlers.ofString());
        for (Map.Entry<String, JsonNode> entry : Json.read(response.body()).properties()) {
            if (jobId.equals(entry.getValue().at("/prompt/3/comfyless_job_id").asText(null))) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }

    @Test
    void runsTheModelFreeSampleAndStoresItsPngWithComfyUisPixels() throws IOException {
        String sample = Files.readString(ProjectRoot.find().resolve("samples/workflows/model_free_v1.json"))
                .replace("3368652", Integer.toString(0x3366CC))
                .replace("comfyless/model_free", "runner/sample-" + freshColor());
        stack.startRunner("runner-1");

        Job job = awaitStatus(stack.submit(sample).id(), JobStatus.COMPLETED);

        assertThat(job.attempt()).isEqualTo(1);
        assertThat(job.error()).isNull();
        JobOutput output = job.outputs().get(0);
        assertThat(output.width()).isEqualTo(512);
        BufferedImage image = ImageIO.read(
                new ByteArrayInputStream(stack.blobs.get(output.key()).orElseThrow()));
        // 1 - 0xCC/255 is 50.99.. in 0..255, which ComfyUI truncates to 50.
        assertThat(image.getRGB(10, 10) & 0xFFFFFF).isEqualTo(0xCC9932);
        assertThat(job.progress().percentage()).isEqualTo(100.0);
        // The log line follows the state change.
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(stack.job(job.id()).logs())
                        .extracting(LogEntry::event)
                        .contains("claimed", "completed"));
    }

    @Test
    void aPromptComfyUiRefusesFailsNamingNodeAndInputAndLogsComfyUisReason() {
        stack.startRunner("runner-1");
        String workflow = blur(64, "runner/refused").replace("\"width\": 64", "\"width\": -64");

        Job job = awaitStatus(stack.submit(workflow).id(), JobStatus.FAILED);

        assertThat(job.attempt()).isEqualTo(1);
        assertThat(job.error().code()).isEqualTo(JobFailure.Codes.PROMPT_REJECTED);
        assertThat(job.error().nodeId()).isEqualTo("1");
        assertThat(job.error().nodeType()).isEqualTo("EmptyImage");
        assertThat(job.error().message()).contains("width");
        assertThat(job.logs())
                .filteredOn(entry -> entry.event().equals("comfyui"))
                .singleElement()
                .satisfies(entry -> {
                    assertThat(entry.nodeId()).isEqualTo("1");
                    assertThat(entry.message()).contains("smaller than min of 1", "width");
                });
    }

    @Test
    void anUnknownNodeTypeFailsAtOnceNamingTheNode() {
        stack.startRunner("runner-1");
        String workflow = blur(64, "runner/unknown").replace("\"ImageInvert\"", "\"NoSuchNode\"");

        Job job = awaitStatus(stack.submit(workflow).id(), JobStatus.FAILED);

        assertThat(job.attempt()).isEqualTo(1);
        assertThat(job.error().code()).isEqualTo(JobFailure.Codes.PROMPT_REJECTED);
        assertThat(job.error().nodeId()).isEqualTo("3");
        assertThat(job.error().nodeType()).isEqualTo("NoSuchNode");
        assertThat(job.error().message()).contains("NoSuchNode", "node 3");
    }

    @Test
    void aCancelledRunningJobIsCancelledOnlyOnceComfyUiHasStoppedItsPrompt() throws Exception {
        stack.startRunner("runner-1");
        Job job = stack.submit(slowWorkflow("runner/cancelled-" + freshColor()));
        await().atMost(PATIENCE).until(() -> {
            Job now = stack.job(job.id());
            return now.progress() != null && "2".equals(now.progress().currentNode());
        });

        stack.jobs.cancel("tenant-a", job.id());

        Job cancelled = awaitStatus(job.id(), JobStatus.CANCELLED);
        JsonNode history = comfyHistory(job.id()).orElseThrow();
        assertThat(history.at("/status/status_str").asText()).isEqualTo("error");
        assertThat(history.at("/status/messages").toString()).contains("execution_interrupted");
        assertThat(cancelled.cancelRequested()).isTrue();
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(stack.job(job.id()).logs())
                        .filteredOn(entry -> entry.event().equals("cancelled"))
                        .singleElement()
                        .satisfies(
                                entry -> assertThat(entry.message()).contains("ComfyUI stopped its prompt at node 3")));
    }

    @Test
    void aComfyUiRestartSendsTheJobToItsNextAttemptWhichCompletesShowingNoError() {
        stack.startRunner("runner-1");
        Job job = stack.submit(slowWorkflow("runner/restarted-" + freshColor()));
        await().atMost(PATIENCE).until(() -> {
            Job now = stack.job(job.id());
            return now.progress() != null && "2".equals(now.progress().currentNode());
        });

        comfy.restart();

        Job done = awaitStatus(job.id(), JobStatus.COMPLETED);
        assertThat(done.attempt()).isEqualTo(2);
        assertThat(done.error()).isNull();
        assertThat(done.attemptFailures()).singleElement().satisfies(failure -> {
            assertThat(failure.attempt()).isEqualTo(1);
            assertThat(failure.error().code()).isEqualTo(JobFailure.Codes.COMFYUI_UNAVAILABLE);
        });
        assertThat(done.progress().completedNodes()).isEqualTo(4);
        assertThat(done.outputs())
                .singleElement()
                .satisfies(o -> assertThat(o.key()).contains("/" + job.id() + "/2/"));
    }

    @Test
    void anIdenticalJobIsServedFromComfyUisCacheAndStillDeliversItsImage() {
        stack.startRunner("runner-1");
        String workflow = blur(64, "runner/cached-" + freshColor());
        Job first = awaitStatus(stack.submit(workflow).id(), JobStatus.COMPLETED);

        Job second = awaitStatus(stack.submit(workflow).id(), JobStatus.COMPLETED);

        assertThat(second.outputs())
                .singleElement()
                .satisfies(output -> assertThat(output.sha256())
                        .isEqualTo(first.outputs().get(0).sha256()));
        assertThat(second.progress().percentage()).isEqualTo(100.0);
    }

    @Test
    void aRunnerWhoseComfyUiIsDownSaysSoAndIsNotReady() {
        Runner runner = stack.startRunner("runner-down");
        await().atMost(PATIENCE).until(() -> runner.notReadyBecause().isEmpty());

        comfy.crash();

        await().atMost(PATIENCE).until(() -> workerState("runner-down") == WorkerState.COMFYUI_UNAVAILABLE);
        assertThat(runner.notReadyBecause()).get().asString().contains("does not answer");
        comfy.restart();
        await().atMost(PATIENCE).until(() -> workerState("runner-down") == WorkerState.IDLE);
        await().atMost(PATIENCE).until(() -> runner.notReadyBecause().isEmpty());
    }

    private WorkerState workerState(String workerId) {
        return stack.workers().list().stream()
                .filter(worker -> worker.id().equals(workerId))
                .map(Worker::state)
                .findFirst()
                .orElse(null);
    }
}
