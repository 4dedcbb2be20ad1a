package io.comfyless.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * What the helpers that run a server process on this machine share: a free loopback port, a pause
 * between polls, and a stop that escalates to a kill. None of them lets an interrupt go unnoticed: each
 * restores the thread's flag.
 */
public final class LocalProcesses {

    private LocalProcesses() {}

    /** A port nothing listens on now; a server started at once on it is very unlikely to clash. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits between two polls of a server that is starting. */
    public static void pause(Duration between) {
        try {
            Thread.sleep(between.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks a process and its children to end, and kills them if they have not within the grace period. */
    public static void stop(Process process, Duration grace) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        awaitExit(process, grace);
    }

    /** Waits for a process to end, killing it (and its children) if it has not within the grace period. */
    public static void awaitExit(Process process, Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Polls a starting server's {@code probe} until it answers 200, pausing {@code poll} between tries:
     * false as soon as the process has exited, or when {@code timeout} has passed.
     */
    public static boolean awaitAnswer(Process process, URI probe, Duration timeout, Duration poll) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request =
                HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // Not listening yet: poll again.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + probe, e);
            }
            pause(poll);
        }
        return false;
    }
}
