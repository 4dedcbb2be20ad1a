package io.comfyless.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.comfyless.core.job.ExecutionConfig;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobFailure;
import io.comfyless.core.job.JobOutput;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.LogEntry;
import io.comfyless.core.job.Priority;
import io.comfyless.testkit.comfyui.ExecutionLog;
import io.comfyless.testkit.comfyui.NodeTarget;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runner against the ComfyUI double and emulated AWS, in this JVM. */
class RunnerIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private RunnerStack stack;

    @BeforeEach
    void start() {
        stack = new RunnerStack();
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    private Job awaitStatus(String id, JobStatus status) {
        await().atMost(PATIENCE).until(() -> stack.job(id).status() == status);
        return stack.job(id);
    }

    @Test
    void runsAJobAndStoresItsOutputInS3WithTheExpectedPixels() throws Exception {
        stack.startRunner("runner-1");

        Job job = awaitStatus(stack.submit(RunnerStack.invertWorkflow("it/run")).id(), JobStatus.COMPLETED);

        assertThat(job.attempt()).isEqualTo(1);
        assertThat(job.outputs()).singleElement().satisfies(output -> {
            assertThat(output.key()).startsWith("outputs/" + job.id() + "/1/3-0-");
            assertThat(output.contentType()).isEqualTo("image/png");
            assertThat(output.width()).isEqualTo(64);
            assertThat(output.height()).isEqualTo(32);
        });
        JobOutput output = job.outputs().get(0);
        byte[] png = stack.blobs.get(output.key()).orElseThrow();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getRGB(10, 10) & 0xFFFFFF).isEqualTo(0x00FFFF);
        assertThat(output.sizeBytes()).isEqualTo(png.length);
        assertThat(output.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(png)));
        assertThat(job.progress().percentage()).isEqualTo(100.0);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(stack.job(job.id()).logs())
                        .extracting(LogEntry::event)
                        .contains("submitted", "claimed", "completed"));
    }

    @Test
    void aRuntimeErrorReportsTheFailingNode() {
        stack.comfyui.faults().fail(NodeTarget.ofClass("ImageInvert"), "RuntimeError", "tensor shapes do not match");
        stack.startRunner("runner-1");

        Job job = awaitStatus(stack.submit(RunnerStack.invertWorkflow("err")).id(), JobStatus.FAILED);

        assertThat(job.error().code()).isEqualTo(JobFailure.Codes.EXECUTION_ERROR);
        assertThat(job.error().nodeId()).isEqualTo("2");
        assertThat(job.error().nodeType()).isEqualTo("ImageInvert");
        assertThat(job.error().exceptionType()).isEqualTo("RuntimeError");
        assertThat(job.error().message()).contains("tensor shapes do not match");
        assertThat(job.error().retryable()).isFalse();
    }

    @Test
    void cancellingAJobInASamplerInterruptsComfyUiAndEndsCancelledWithinTwoSeconds() {
        stack.comfyui.faults().sample(NodeTarget.ofClass("ImageInvert"), 300, Duration.ofMillis(100));
        stack.startRunner("runner-1");
        Job job = stack.submit(RunnerStack.invertWorkflow("cancel"));
        await().atMost(PATIENCE)
                .until(() -> stack.comfyui.executions().nodeRuns().stream()
                        .anyMatch(run -> run.classType().equals("ImageInvert")));

        Instant cancelledAt = Instant.now();
        stack.jobs.cancel("tenant-a", job.id());

        await().atMost(Duration.ofSeconds(2)).until(() -> stack.job(job.id()).status() == JobStatus.CANCELLED);
        assertThat(Duration.between(cancelledAt, Instant.now())).isLessThan(Duration.ofSeconds(2));
        await().atMost(PATIENCE)
                .until(() -> stack.comfyui.executions().finished().stream()
                        .anyMatch(run -> run.outcome() == ExecutionLog.Outcome.INTERRUPTED));
    }

    @Test
    void aJobPastItsTimeoutIsInterruptedAndFails() {
        stack.comfyui.faults().sample(NodeTarget.ofClass("ImageInvert"), 300, Duration.ofMillis(100));
        stack.startRunner("runner-1");

        Job job = awaitStatus(
                stack.submit(
                                RunnerStack.invertWorkflow("slow"),
                                new ExecutionConfig(Duration.ofSeconds(1), 2),
                                Priority.NORMAL)
                        .id(),
                JobStatus.FAILED);

        assertThat(job.error().code()).isEqualTo(JobFailure.Codes.TIMEOUT);
    }

    @Test
    void theNextJobIsAlreadyInsideComfyUiWhileTheCurrentOneExecutes() {
        stack.comfyui.faults().delay(NodeTarget.ofClass("ImageInvert"), Duration.ofSeconds(3));
        Job first = stack.submit(RunnerStack.invertWorkflow("first"));
        Job second = stack.submit(RunnerStack.invertWorkflow("second").replace("16711680", "255"));
        stack.startRunner("runner-1");

        await().atMost(PATIENCE)
                .until(() -> stack.comfyui.executions().nodeRuns().stream()
                        .anyMatch(run -> run.classType().equals("ImageInvert")));

        await().atMost(Duration.ofSeconds(2))
                .until(() -> stack.job(first.id()).status() == JobStatus.RUNNING
                        && stack.job(second.id()).status() == JobStatus.RUNNING);
        awaitStatus(first.id(), JobStatus.COMPLETED);
        awaitStatus(second.id(), JobStatus.COMPLETED);
    }

    @Test
    void aComfyUiCrashSendsTheJobBackForItsNextAttempt() {
        stack.comfyui.faults().crashAt(NodeTarget.ofClass("ImageInvert"));
        stack.startRunner("runner-1");
        Job job = stack.submit(RunnerStack.invertWorkflow("crash"));
        await().atMost(PATIENCE).until(() -> !stack.comfyui.isRunning());

        stack.comfyui.restart();

        Job done = awaitStatus(job.id(), JobStatus.COMPLETED);
        assertThat(done.attempt()).isEqualTo(2);
        assertThat(done.outputs())
                .singleElement()
                .satisfies(o -> assertThat(o.key()).contains("/" + job.id() + "/2/"));
    }

    @Test
    void aDroppedWebSocketDoesNotLoseTheJob() {
        stack.comfyui.faults().delay(NodeTarget.ofClass("ImageInvert"), Duration.ofMillis(800));
        stack.comfyui.faults().dropWebSocketsAt(NodeTarget.ofClass("ImageInvert"));
        stack.startRunner("runner-1");

        Job job = awaitStatus(stack.submit(RunnerStack.invertWorkflow("drop")).id(), JobStatus.COMPLETED);

        assertThat(job.attempt()).isEqualTo(1);
        assertThat(job.outputs()).hasSize(1);
    }

    @Test
    void aCancelledPendingJobIsSkipped() throws IOException {
        Job job = stack.submit(RunnerStack.invertWorkflow("skipped"));
        stack.jobs.cancel("tenant-a", job.id());
        Job after = stack.submit(RunnerStack.invertWorkflow("after").replace("16711680", "65280"));
        stack.startRunner("runner-1");

        awaitStatus(after.id(), JobStatus.COMPLETED);

        assertThat(stack.job(job.id()).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(stack.comfyui.executions().executionCount()).isEqualTo(1);
    }
}
