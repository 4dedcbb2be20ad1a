package io.comfyless.runner.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.model.ModelEntry;
import io.comfyless.core.model.ModelPath;
import io.comfyless.core.model.ModelStore;
import io.comfyless.core.model.S3ModelStore;
import io.comfyless.testkit.aws.AwsEmulator;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** The runner's model cache against the model store in the emulator and a temporary models directory. */
class ModelCacheIT {

    private static AwsClients aws;
    private static String bucket;
    private static S3ModelStore store;

    @TempDir
    Path models;

    @BeforeAll
    static void provision() {
        RuntimeConfig config = RuntimeConfig.from(AwsEmulator.freshResources().environment()::get);
        aws = new AwsClients(config);
        bucket = config.bucket();
        store = new S3ModelStore(aws.s3(), bucket);
    }

    @AfterAll
    static void close() {
        aws.close();
    }

    private static byte[] storeModel(ModelPath path, int size, Map<String, String> metadata) {
        byte[] bytes = new byte[size];
        new Random(path.hashCode()).nextBytes(bytes);
        aws.s3()
                .putObject(
                        request -> request.bucket(bucket).key(path.key()).metadata(metadata),
                        RequestBody.fromBytes(bytes));
        return bytes;
    }

    private static ModelPath model(String folder, String name, int size) {
        ModelPath path = new ModelPath(folder, name);
        storeModel(path, size, Map.of());
        return path;
    }

    private ModelCache cache(long budget, ModelStore source) {
        return new ModelCache(models, budget, source, Clock.systemUTC());
    }

    @Test
    void downloadsAModelIntoComfyUisFolderWithItsExactBytes() throws Exception {
        ModelPath path = new ModelPath("checkpoints", "SDXL/base.safetensors");
        byte[] bytes = storeModel(path, 4096, Map.of());

        try (ModelCache.Pin pin = cache(1_000_000, store).acquire(path)) {
            assertThat(Files.readAllBytes(models.resolve("checkpoints/SDXL/base.safetensors")))
                    .isEqualTo(bytes);
        }
        try (Stream<Path> left = Files.walk(models)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
    }

    @Test
    void concurrentJobsNeedingTheSameFileDownloadItOnce() throws Exception {
        ModelPath path = model("loras", "shared.safetensors", 200_000);
        int jobs = 8;
        List<Thread> threads = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(jobs, runnable -> {
            Thread thread = new Thread(runnable, "job");
            threads.add(thread);
            return thread;
        });
        // The download starts only once every other job is parked waiting for it: they all asked at once.
        CountingStore counting = new CountingStore(store, () -> {
            Thread downloader = Thread.currentThread();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> threads.size() == jobs
                            && threads.stream()
                                    .filter(t -> t != downloader)
                                    .allMatch(t -> t.getState() == Thread.State.WAITING));
        });
        ModelCache cache = cache(10_000_000, counting);
        try {
            List<Future<ModelCache.Pin>> pins = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                pins.add(pool.submit(() -> cache.acquire(path)));
            }
            for (Future<ModelCache.Pin> pin : pins) {
                pin.get(30, TimeUnit.SECONDS).close();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(counting.opens.get()).isEqualTo(1);
        assertThat(cache.managedPaths()).containsExactly("loras/shared.safetensors");
        assertThat(Files.size(models.resolve("loras/shared.safetensors"))).isEqualTo(200_000);
    }

    @Test
    void evictsTheLeastRecentlyUsedOfItsOwnFilesToStayWithinBudget() throws Exception {
        ModelPath a = model("loras", "a.safetensors", 100);
        ModelPath b = model("loras", "b.safetensors", 100);
        ModelPath c = model("loras", "c.safetensors", 100);
        Files.createDirectories(models.resolve("checkpoints"));
        Files.write(models.resolve("checkpoints/baked-in.safetensors"), new byte[1000]);
        ModelCache cache = cache(250, store);

        cache.acquire(a).close();
        cache.acquire(b).close();
        cache.acquire(a).close();
        cache.acquire(c).close();

        assertThat(cache.managedPaths()).containsExactly("loras/a.safetensors", "loras/c.safetensors");
        assertThat(cache.managedBytes()).isEqualTo(200).isLessThanOrEqualTo(250);
        assertThat(models.resolve("loras/b.safetensors")).doesNotExist();
        assertThat(models.resolve("checkpoints/baked-in.safetensors")).exists();
    }

    @Test
    void neverEvictsAFileAJobStillHolds() throws Exception {
        ModelPath a = model("vae", "held.safetensors", 100);
        ModelPath b = model("vae", "next.safetensors", 100);
        ModelCache cache = cache(150, store);

        try (ModelCache.Pin held = cache.acquire(a)) {
            cache.acquire(b).close();

            assertThat(models.resolve("vae/held.safetensors")).exists();
            assertThat(models.resolve("vae/next.safetensors")).exists();
        }
        ModelPath c = model("vae", "third.safetensors", 100);
        cache.acquire(c).close();

        assertThat(cache.managedPaths()).containsExactly("vae/third.safetensors");
        assertThat(cache.managedBytes()).isLessThanOrEqualTo(150);
    }

    @Test
    void usesFilesItFindsInComfyUisFoldersWithoutFetchingOrOwningThem() throws Exception {
        Files.createDirectories(models.resolve("unet"));
        Files.write(models.resolve("unet/local-only.sft"), new byte[10]);
        CountingStore counting = new CountingStore(store, () -> {});

        cache(1000, counting)
                .acquire(new ModelPath("diffusion_models", "local-only.sft"))
                .close();

        assertThat(counting.finds.get()).isZero();
        assertThat(cache(1000, store).managedPaths()).isEmpty();
    }

    @Test
    void remembersWhichFilesItOwnsAcrossRestarts() throws Exception {
        ModelPath old = model("controlnet", "old.pth", 100);
        ModelPath fresh = model("controlnet", "fresh.pth", 100);
        cache(150, store).acquire(old).close();

        ModelCache restarted = cache(150, store);
        assertThat(restarted.managedPaths()).containsExactly("controlnet/old.pth");
        restarted.acquire(fresh).close();

        assertThat(models.resolve("controlnet/old.pth")).doesNotExist();
        assertThat(restarted.managedPaths()).containsExactly("controlnet/fresh.pth");
    }

    @Test
    void aModelInNeitherPlaceIsNotFound() {
        assertThatThrownBy(() -> cache(1000, store).acquire(new ModelPath("checkpoints", "nowhere.safetensors")))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("checkpoints/nowhere.safetensors");
    }

    @Test
    void aModelLargerThanTheWholeBudgetFailsWithoutRetrying() {
        ModelPath huge = model("checkpoints", "huge.safetensors", 500);

        assertThatThrownBy(() -> cache(100, store).acquire(huge))
                .isInstanceOfSatisfying(
                        ModelStagingException.class,
                        e -> assertThat(e.retryable()).isFalse());
        assertThat(models.resolve("checkpoints/huge.safetensors")).doesNotExist();
    }

    @Test
    void aChecksumMismatchLeavesNothingBehind() throws Exception {
        ModelPath path = new ModelPath("loras", "tampered.safetensors");
        storeModel(path, 64, Map.of("sha256", "00".repeat(32)));

        assertThatThrownBy(() -> cache(1000, store).acquire(path))
                .isInstanceOfSatisfying(
                        ModelStagingException.class,
                        e -> assertThat(e.retryable()).isTrue());
        try (Stream<Path> files = Files.list(models.resolve("loras"))) {
            assertThat(files).isEmpty();
        }
    }

    /** The store, counting lookups and downloads; a download first runs {@code beforeDownload}. */
    private static final class CountingStore implements ModelStore {
        private final ModelStore delegate;
        private final Runnable beforeDownload;
        private final AtomicInteger finds = new AtomicInteger();
        private final AtomicInteger opens = new AtomicInteger();

        CountingStore(ModelStore delegate, Runnable beforeDownload) {
            this.delegate = delegate;
            this.beforeDownload = beforeDownload;
        }

        @Override
        public List<ModelEntry> list(Optional<String> folder) {
            return delegate.list(folder);
        }

        @Override
        public Optional<ModelEntry> find(ModelPath path) {
            finds.incrementAndGet();
            return delegate.find(path);
        }

        @Override
        public boolean delete(ModelPath path) {
            return delegate.delete(path);
        }

        @Override
        public InputStream open(ModelEntry entry) {
            opens.incrementAndGet();
            beforeDownload.run();
            return delegate.open(entry);
        }
    }
}
