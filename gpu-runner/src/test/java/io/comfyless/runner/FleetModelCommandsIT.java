package io.comfyless.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.comfyless.core.config.Adapters;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.model.ModelFleet;
import io.comfyless.core.model.ModelPath;
import io.comfyless.core.worker.CachedModel;
import io.comfyless.runner.model.ModelCacheConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Model commands reach runners through their own heartbeats: a load stages the model on every
 * runner and keeps it there, also on a runner that starts later; an unload and a clean-up evict it;
 * each runner reports what it holds. Real runners against emulated AWS and the ComfyUI double.
 */
class FleetModelCommandsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ModelPath SDXL = new ModelPath("checkpoints", "sdxl.safetensors");
    private static final ModelPath OTHER = new ModelPath("checkpoints", "other.safetensors");

    private RunnerStack stack;
    private Adapters adapters;
    private ModelFleet fleet;
    private Runner runner;

    @TempDir
    Path models;

    @TempDir
    Path laterModels;

    @BeforeEach
    void start() {
        stack = new RunnerStack();
        adapters = new Adapters(stack.runtime, stack.aws);
        fleet = adapters.modelFleet();
        runner = runnerOn("runner-a", models);
        store(SDXL, 600_000);
        store(OTHER, 600_000);
    }

    @AfterEach
    void stop() {
        runner.close();
        stack.close();
    }

    private Runner runnerOn(String id, Path directory) {
        Runner started = RunnerMain.create(
                stack.config(id), new ModelCacheConfig(Optional.of(directory), 1_000_000), adapters, Clock.systemUTC());
        started.start();
        return started;
    }

    private void store(ModelPath path, int size) {
        stack.aws
                .s3()
                .putObject(
                        request -> request.bucket(stack.blobs.bucket()).key(path.key()),
                        RequestBody.fromBytes(new byte[size]));
    }

    private List<CachedModel> reported(String workerId) {
        return adapters.workers().find(workerId).map(w -> w.models()).orElse(List.of());
    }

    private static String checkpointWorkflow(String checkpoint) {
        return """
                {"1": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "%s"}},
                 "2": {"class_type": "SaveImage", "inputs": {"images": ["1", 0], "filename_prefix": "m"}}}
                """.formatted(checkpoint);
    }

    @Test
    void aLoadedModelIsStagedKeptAndReportedPinnedWithItsHash() {
        fleet.load(SDXL, 7, Optional.empty(), "ops");

        await().atMost(PATIENCE).until(() -> Files.isRegularFile(models.resolve(SDXL.relative())));
        await().atMost(PATIENCE)
                .until(() ->
                        reported("runner-a").stream().anyMatch(m -> m.path().equals(SDXL.relative()) && m.pinned()));
        CachedModel model = reported("runner-a").get(0);
        assertThat(model.sizeBytes()).isEqualTo(600_000);
        assertThat(model.sha256()).hasSize(64);
        assertThat(fleet.state(SDXL).loaded()).isTrue();
        assertThat(fleet.state(SDXL).cachedOn())
                .extracting(ModelFleet.Location::workerId)
                .containsExactly("runner-a");
    }

    @Test
    void aPinnedModelIsNotEvictedToMakeRoomForAnother() {
        fleet.load(SDXL, 5, Optional.empty(), "ops");
        await().atMost(PATIENCE).until(() -> reported("runner-a").stream().anyMatch(CachedModel::pinned));

        String id = stack.submit(checkpointWorkflow(OTHER.name())).id();
        await().atMost(PATIENCE).until(() -> stack.job(id).status() == JobStatus.FAILED);

        // The double refuses checkpoint loaders, so the job fails, but only after OTHER was staged.
        assertThat(models.resolve(OTHER.relative())).isRegularFile();
        assertThat(models.resolve(SDXL.relative()))
                .as("over budget, the pinned model stays")
                .isRegularFile();
    }

    @Test
    void anUnloadedModelIsEvictedFromTheRunner() {
        fleet.load(SDXL, 5, Optional.empty(), "ops");
        await().atMost(PATIENCE).until(() -> Files.isRegularFile(models.resolve(SDXL.relative())));

        fleet.unload(SDXL);

        await().atMost(PATIENCE).until(() -> !Files.exists(models.resolve(SDXL.relative())));
        await().atMost(PATIENCE).until(() -> reported("runner-a").isEmpty());
        assertThat(fleet.state(SDXL).loaded()).isFalse();
        assertThat(fleet.state(SDXL).pin()).isNull();
    }

    @Test
    void aRunnerThatStartsLaterStagesThePinnedModels() {
        fleet.load(SDXL, 5, Optional.empty(), "ops");
        await().atMost(PATIENCE).until(() -> Files.isRegularFile(models.resolve(SDXL.relative())));

        Runner later = runnerOn("runner-b", laterModels);
        try {
            await().atMost(PATIENCE).until(() -> Files.isRegularFile(laterModels.resolve(SDXL.relative())));
            await().atMost(PATIENCE).until(() -> fleet.state(SDXL).cachedOn().size() == 2);
        } finally {
            later.close();
        }
    }

    @Test
    void aCleanUpEvictsModelsNobodyPinnedThatWentUnusedAndNamesThem() {
        String id = stack.submit(checkpointWorkflow(OTHER.name())).id();
        await().atMost(PATIENCE).until(() -> stack.job(id).status() == JobStatus.FAILED);
        await().atMost(PATIENCE)
                .until(() ->
                        reported("runner-a").stream().anyMatch(m -> m.path().equals(OTHER.relative()) && !m.inUse()));

        List<String> evicted = fleet.cleanup(Duration.ofMillis(1));

        assertThat(evicted).containsExactly(OTHER.relative());
        await().atMost(PATIENCE).until(() -> !Files.exists(models.resolve(OTHER.relative())));
    }
}
