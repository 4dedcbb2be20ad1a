package io.comfyless.testkit.aws;

import io.comfyless.testkit.process.LocalProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A moto server process on a free loopback port, installed into the project-local virtualenv by
 * {@code scripts/setup-moto.sh}. One process serves every test in a JVM; it stops with the JVM.
 */
public final class MotoServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MotoServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Installs moto if needed and starts it; the caller owns the process. */
    public static MotoServer start(Path logFile) {
        Path root = ProjectRoot.find();
        install(root);
        int port = LocalProcesses.freePort();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            // scripts/moto_server.py makes DynamoDB's conditional writes atomic, as they are in AWS.
            Process process = new ProcessBuilder(List.of(
                            root.resolve(".venv/bin/python").toString(),
                            root.resolve("scripts/moto_server.py").toString(),
                            "-H",
                            "127.0.0.1",
                            "-p",
                            Integer.toString(port)))
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
            MotoServer server = new MotoServer(process, endpoint);
            server.awaitReady(logFile);
            log.info("AWS emulator (moto) listening on {}", endpoint);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start moto_server", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Freezes the server (SIGSTOP): connections are still accepted by the kernel but nothing is
     * answered, the way a dependency stalls in production. For tests that own their server; a
     * paused shared server would stall every other test in the JVM.
     */
    public void pause() {
        signal("STOP");
    }

    /** Lets a {@link #pause() paused} server go on (SIGCONT); requests it accepted meanwhile are then served. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + name, Long.toString(process.pid())));
        process.descendants().forEach(child -> command.add(Long.toString(child.pid())));
        try {
            Process kill = new ProcessBuilder(command).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " failed with exit code " + kill.exitValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot signal moto_server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while signalling moto_server", e);
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }

    private static void install(Path root) {
        try {
            Process setup = new ProcessBuilder(
                            root.resolve("scripts/setup-moto.sh").toString())
                    .inheritIO()
                    .start();
            if (setup.waitFor() != 0) {
                throw new IllegalStateException("scripts/setup-moto.sh failed with exit code " + setup.exitValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run scripts/setup-moto.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while installing moto", e);
        }
    }

    private void awaitReady(Path logFile) {
        if (LocalProcesses.awaitAnswer(
                process, endpoint.resolve("/moto-api/data.json"), START_TIMEOUT, Duration.ofMillis(50))) {
            return;
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("moto_server exited with " + process.exitValue() + "; see " + logFile);
        }
        close();
        throw new IllegalStateException("moto_server did not answer within " + START_TIMEOUT + "; see " + logFile);
    }
}
