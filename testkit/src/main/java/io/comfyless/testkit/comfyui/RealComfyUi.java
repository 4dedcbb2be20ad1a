package io.comfyless.testkit.comfyui;

import io.comfyless.testkit.process.LocalProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real ComfyUI server process (ComfyUI's tree of March 2024, installed by {@code scripts/setup-comfyui.sh}) on a
 * free loopback port, on CPU, with its own input, output and temp folders under a temporary directory that
 * {@link #close()} deletes. Start-up takes seconds, so tests start one per class and share it.
 *
 * <p>Where python3 with {@code venv} is missing, {@link #start()} aborts the calling test (JUnit marks it skipped,
 * with that reason); any other failure to install or start is an error.
 */
public final class RealComfyUi implements ComfyUiInstance {

    private static final Logger log = LoggerFactory.getLogger(RealComfyUi.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final ComfyUiInstallation installation;
    private final Path root;
    private final int port;
    /** Kills the process if the JVM exits without {@link #close()} (a test run stopped half way). */
    private final Thread killOnExit = new Thread(this::crash, "real-comfyui-shutdown");

    private Process process;

    private RealComfyUi(ComfyUiInstallation installation, Path root, int port) {
        this.installation = installation;
        this.root = root;
        this.port = port;
    }

    /** Installs the server if needed (minutes, the first time on a machine) and starts it. */
    public static RealComfyUi start() {
        ComfyUiInstallation installation = ComfyUiInstallation.find();
        try {
            Path root = Files.createTempDirectory("real-comfyui-");
            RealComfyUi server = new RealComfyUi(installation, root, LocalProcesses.freePort());
            Runtime.getRuntime().addShutdownHook(server.killOnExit);
            try {
                server.launch();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare folders for ComfyUI", e);
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    @Override
    public URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** {@code ws://127.0.0.1:port/ws?clientId=...}. */
    @Override
    public URI webSocketUri(String clientId) {
        return URI.create(
                "ws://127.0.0.1:" + port + "/ws?clientId=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8));
    }

    public int port() {
        return port;
    }

    /** Where LoadImage reads and uploads of type "input" go. */
    @Override
    public Path inputDir() {
        return root.resolve("input");
    }

    /** Where SaveImage writes. */
    @Override
    public Path outputDir() {
        return root.resolve("output");
    }

    /** The server's own log (stdout and stderr), for a failing test to show. */
    public Path logFile() {
        return root.resolve("comfyui.log");
    }

    /** Whether the process is alive. */
    @Override
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Kills the process at once, like a crash: queue and history are lost, files stay. */
    @Override
    public synchronized void crash() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            LocalProcesses.awaitExit(process, STOP_TIMEOUT);
        }
    }

    /** Kills the process and starts a new one on the same port, with the same folders. */
    @Override
    public synchronized void restart() {
        crash();
        launch();
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            LocalProcesses.stop(process, STOP_TIMEOUT);
            process = null;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs anyway, and finds nothing left to kill.
        }
        deleteRecursively(root);
    }

    private synchronized void launch() {
        try {
            process = installation
                    .server(root, port)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start ComfyUI with " + installation.python(), e);
        }
        awaitReady();
        log.info("Real ComfyUI listening on {} (log {})", base(), logFile());
    }

    private void awaitReady() {
        if (LocalProcesses.awaitAnswer(
                process, base().resolve("/system_stats"), START_TIMEOUT, Duration.ofMillis(100))) {
            return;
        }
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    "ComfyUI exited with " + process.exitValue() + " while starting: " + logTail());
        }
        crash();
        throw new IllegalStateException("ComfyUI did not answer within " + START_TIMEOUT + ": " + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log at " + logFile() + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", dir, e.toString());
        }
    }
}
