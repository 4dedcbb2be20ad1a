package io.comfyless.bench.coldstart;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.contract.Table;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.fleet.FleetControl;
import io.comfyless.core.job.ExecutionConfig;
import io.comfyless.core.job.IdGenerator;
import io.comfyless.core.job.JobRequest;
import io.comfyless.core.job.JobService;
import io.comfyless.core.job.Priority;
import io.comfyless.core.json.Json;
import io.comfyless.core.model.ModelPath;
import io.comfyless.core.model.S3ModelStore;
import io.comfyless.core.worker.DynamoWorkerRegistry;
import io.comfyless.core.worker.WorkerState;
import io.comfyless.core.workflow.Workflow;
import io.comfyless.runner.RunnerConfig;
import io.comfyless.runner.model.ModelCache;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.aws.LocalResources;
import io.comfyless.testkit.aws.ProjectRoot;
import io.comfyless.testkit.comfyui.ComfyUiDouble;
import io.comfyless.testkit.comfyui.ComfyUiInstallation;
import io.comfyless.testkit.process.LocalProcesses;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The stages of a cold start that run the same here as on a GPU host, each measured on real parts:
 * the AWS emulator, the ComfyUI protocol double, the runner as its own process (the shaded jar the
 * image runs), and the real ComfyUI that {@code scripts/setup-comfyui.sh} installs.
 */
final class ColdStartStages implements AutoCloseable {

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final int MODEL_MIB = 256;

    private final ComfyUiDouble comfyui = ComfyUiDouble.start();
    private final Path scratch;
    private String comfyUiSkipReason = "";

    private ColdStartStages(Path scratch) {
        this.scratch = scratch;
    }

    static ColdStartStages start() throws IOException {
        return new ColdStartStages(Files.createTempDirectory("cold-start-"));
    }

    /** A submit on an empty fleet, until the emulated runner service wants a task (fresh stack each time). */
    Samples submitUntilDesiredRaised(int repeats) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            try (Stack stack = new Stack()) {
                long start = System.nanoTime();
                stack.jobs.submit("bench", tinyJob(), Optional.empty());
                await(() -> stack.fleet.desiredTasks() == 1);
                millis.add(elapsedMillis(start));
            }
        }
        return new Samples("submit on an empty fleet until desired count = 1", millis, "ms");
    }

    /** The same submit once the fleet is awake: the wake-up's own cost is the difference. */
    Samples submitOnAnAwakeFleet(int repeats) {
        List<Double> millis = new ArrayList<>();
        try (Stack stack = new Stack()) {
            stack.jobs.submit("bench", tinyJob(), Optional.empty());
            for (int i = 0; i < repeats; i++) {
                long start = System.nanoTime();
                stack.jobs.submit("bench", tinyJob(), Optional.empty());
                millis.add(elapsedMillis(start));
            }
        }
        return new Samples("submit on a fleet already awake (baseline)", millis, "ms");
    }

    Samples runnerStartToRegistered(int repeats) throws IOException {
        return runnerStart(repeats, false);
    }

    Samples runnerStartToReady(int repeats) throws IOException {
        return runnerStart(repeats, true);
    }

    /** The runner's own process (the image's jar), from exec until its worker record appears, or says idle. */
    private Samples runnerStart(int repeats, boolean ready) throws IOException {
        Path jar = ProjectRoot.find().resolve("gpu-runner/target/comfyless-gpu-runner.jar");
        Path logback = ProjectRoot.find().resolve("gpu-runner/docker/logback.xml");
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            try (Stack stack = new Stack()) {
                String worker = "bench-runner-" + i;
                Map<String, String> env = new HashMap<>(stack.resources.environment());
                env.put(RunnerConfig.COMFYUI_URL, comfyui.url());
                env.put(RunnerConfig.WORKER_ID, worker);
                env.put("COMFYLESS_MODEL_DOWNLOADS", "false");
                ProcessBuilder builder = new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java")
                                        .toString(),
                                "-Dlogback.configurationFile=" + logback,
                                "-jar",
                                jar.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(scratch.resolve("runner-" + i + ".log").toFile());
                builder.environment().putAll(env);
                DynamoWorkerRegistry workers = new DynamoWorkerRegistry(
                        stack.aws.dynamo(), stack.config.table(Table.WORKERS), Clock.systemUTC());
                long start = System.nanoTime();
                Process runner = builder.start();
                try {
                    await(() -> workers.find(worker)
                            .filter(w -> !ready || w.state() == WorkerState.IDLE)
                            .isPresent());
                    millis.add(elapsedMillis(start));
                } finally {
                    LocalProcesses.stop(runner, STOP_GRACE);
                }
            }
        }
        return new Samples(
                ready
                        ? "runner process start until ready (idle, beside the double)"
                        : "runner process start until registered",
                millis,
                "ms");
    }

    /** A model copied from the emulator's S3 into a fresh cache, as a runner stages one; MB/s. */
    Samples modelStagingThroughput(int repeats) throws IOException {
        Path model = scratch.resolve("model.safetensors");
        writeRandom(model, MODEL_MIB);
        List<Double> mbPerSecond = new ArrayList<>();
        try (Stack stack = new Stack()) {
            String bucket = stack.config.bucket();
            ModelPath path = new ModelPath("checkpoints", "bench.safetensors");
            stack.aws.s3().putObject(r -> r.bucket(bucket).key(path.key()), RequestBody.fromFile(model));
            for (int i = 0; i < repeats; i++) {
                Path cacheDir = scratch.resolve("cache-" + i);
                ModelCache cache = new ModelCache(
                        cacheDir, 4L * MODEL_MIB << 20, new S3ModelStore(stack.aws.s3(), bucket), Clock.systemUTC());
                long start = System.nanoTime();
                cache.acquire(path).close();
                double seconds = elapsedMillis(start) / 1000.0;
                mbPerSecond.add(MODEL_MIB * 1.048576 / seconds);
                deleteTree(cacheDir);
            }
        }
        Files.deleteIfExists(model);
        return new Samples(
                "model staging from S3 (emulator, " + MODEL_MIB + " MiB) into the cache", mbPerSecond, "MB/s");
    }

    /** The real ComfyUI (2024-03, CPU) from process start until /object_info answers; empty when it cannot run here. */
    Optional<Samples> realComfyUiStartToObjectInfo(int repeats) throws IOException, InterruptedException {
        Optional<String> missing = ComfyUiInstallation.missingPython();
        if (missing.isPresent()) {
            comfyUiSkipReason = "a real ComfyUI needs " + missing.get();
            return Optional.empty();
        }
        ComfyUiInstallation installation = ComfyUiInstallation.install();
        List<Double> millis = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1))
                .build();
        for (int i = 0; i < repeats; i++) {
            Path root = scratch.resolve("comfyui-" + i);
            int port = LocalProcesses.freePort();
            ProcessBuilder server = installation
                    .server(root, port)
                    .redirectErrorStream(true)
                    .redirectOutput(root.resolve("comfyui.log").toFile());
            long start = System.nanoTime();
            Process process = server.start();
            HttpRequest objectInfo = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/object_info"))
                    .timeout(Duration.ofSeconds(5))
                    .build();
            try {
                await(() -> {
                    try {
                        return http.send(objectInfo, HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200;
                    } catch (IOException notYet) {
                        return false;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                });
                millis.add(elapsedMillis(start));
            } finally {
                LocalProcesses.stop(process, STOP_GRACE);
            }
        }
        return Optional.of(new Samples("real ComfyUI (2024-03, CPU) start until /object_info answers", millis, "ms"));
    }

    String comfyUiSkipReason() {
        return comfyUiSkipReason;
    }

    @Override
    public void close() throws IOException {
        comfyui.close();
        deleteTree(scratch);
    }

    /** Fresh emulated resources (fleet included) and the API's job service on them. */
    private static final class Stack implements AutoCloseable {
        final LocalResources resources = AwsEmulator.freshResources();
        final RuntimeConfig config = RuntimeConfig.from(resources.environment()::get);
        final AwsClients aws = new AwsClients(config);
        final Adapters adapters = new Adapters(config, aws);
        final FleetControl fleet = adapters.fleetControl().orElseThrow();
        final JobService jobs =
                new JobService(adapters.jobStore(), adapters.submitQueue(), Clock.systemUTC(), new IdGenerator());

        @Override
        public void close() {
            aws.close();
        }
    }

    private static JobRequest tinyJob() {
        Workflow workflow = Workflow.of((ObjectNode) Json.read("""
                {"1": {"class_type": "EmptyImage", "inputs": {"width": 8, "height": 8, "batch_size": 1, "color": 0}},
                 "2": {"class_type": "SaveImage", "inputs": {"images": ["1", 0], "filename_prefix": "bench"}}}
                """));
        return new JobRequest(
                workflow, null, null, Priority.NORMAL, ExecutionConfig.defaults(), null, null, null, null, null);
    }

    /** Polls every 5 ms: the stages measured here take tens of milliseconds to tens of seconds. */
    private static void await(BooleanSupplier done) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("A stage took longer than " + PATIENCE);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static double elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }

    private static void writeRandom(Path file, int mib) throws IOException {
        Random random = new Random(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
