package io.comfyless.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.comfyless.core.config.Adapters;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobFailure;
import io.comfyless.core.job.JobStatus;
import io.comfyless.runner.model.ModelCacheConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A runner with {@code COMFYUI_MODELS_DIR} set, against the ComfyUI double and emulated AWS: models
 * come from the store into the directory before the prompt goes to ComfyUI.
 */
class ModelStagingIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private RunnerStack stack;
    private Runner runner;

    @TempDir
    Path models;

    @BeforeEach
    void start() {
        stack = new RunnerStack();
        runner = RunnerMain.create(
                stack.config("runner-models"),
                new ModelCacheConfig(Optional.of(models), 1_000_000),
                new Adapters(stack.runtime, stack.aws),
                Clock.systemUTC());
        runner.start();
    }

    @AfterEach
    void stop() {
        runner.close();
        stack.close();
    }

    private Job awaitStatus(String id, JobStatus status) {
        await().atMost(PATIENCE).until(() -> stack.job(id).status() == status);
        return stack.job(id);
    }

    private static String checkpointWorkflow(String checkpoint) {
        return """
                {"1": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "%s"}},
                 "2": {"class_type": "SaveImage", "inputs": {"images": ["1", 0], "filename_prefix": "m"}}}
                """.formatted(checkpoint);
    }

    @Test
    void aModelInNeitherTheStoreNorComfyUiFailsTheJobByNameBeforeComfyUiIsAsked() {
        Job job = awaitStatus(
                stack.submit(checkpointWorkflow("absent.safetensors")).id(), JobStatus.FAILED);

        // Had the prompt reached ComfyUI, it would have refused it (PROMPT_REJECTED) instead.
        assertThat(job.error().code()).isEqualTo(JobFailure.Codes.MODEL_NOT_FOUND);
        assertThat(job.error().message()).contains("checkpoints/absent.safetensors");
        assertThat(job.error().retryable()).isFalse();
        assertThat(job.attempt()).isEqualTo(1);
        assertThat(stack.comfyui.executions().startedPromptIds()).isEmpty();
    }

    @Test
    void aStoredModelIsInComfyUisFolderBeforeThePromptIsSubmitted() throws Exception {
        byte[] weights = "pretend weights".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        stack.aws
                .s3()
                .putObject(
                        request -> request.bucket(stack.blobs.bucket()).key("models/checkpoints/present.safetensors"),
                        RequestBody.fromBytes(weights));

        Job job = awaitStatus(
                stack.submit(checkpointWorkflow("present.safetensors")).id(), JobStatus.FAILED);

        // The double knows no checkpoint loader, so ComfyUI itself refuses the prompt: it got that far.
        assertThat(job.error().code()).isEqualTo(JobFailure.Codes.PROMPT_REJECTED);
        assertThat(Files.readAllBytes(models.resolve("checkpoints/present.safetensors")))
                .isEqualTo(weights);
    }

    @Test
    void aWorkflowWithoutModelsRunsAsBefore() {
        Job job = awaitStatus(
                stack.submit(RunnerStack.invertWorkflow("no-models")).id(), JobStatus.COMPLETED);

        assertThat(job.outputs()).hasSize(1);
    }
}
