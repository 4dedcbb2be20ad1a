package io.comfyless.core.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Runs every {@link Probe} at once and waits at most {@code timeout} for each: a health check is
 * answered in about the time of its slowest dependency, and a dependency that hangs is reported
 * unhealthy instead of hanging the check. Error texts say what happened in words, never a class name.
 */
public final class HealthChecker {

    private final List<Probe> probes;
    private final Duration timeout;

    public HealthChecker(List<Probe> probes, Duration timeout) {
        this.probes = List.copyOf(probes);
        this.timeout = timeout;
    }

    public List<ProbeResult> check() {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, probes.size()), runnable -> {
            Thread thread = new Thread(runnable, "health-probe");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<ProbeResult>> running = new ArrayList<>();
            for (Probe probe : probes) {
                running.add(CompletableFuture.supplyAsync(() -> run(probe), pool)
                        .completeOnTimeout(
                                new ProbeResult(
                                        probe.name(),
                                        false,
                                        timeout.toMillis(),
                                        "no answer within " + timeout.toMillis() + " ms"),
                                timeout.toMillis(),
                                TimeUnit.MILLISECONDS));
            }
            return running.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    private static ProbeResult run(Probe probe) {
        long started = System.nanoTime();
        try {
            probe.check();
            return new ProbeResult(probe.name(), true, elapsedMs(started), null);
        } catch (Exception e) {
            return new ProbeResult(probe.name(), false, elapsedMs(started), describe(e));
        }
    }

    /** In words, without the client library's class names: the service's own error code is kept. */
    static String describe(Exception e) {
        if (e instanceof TimeoutException
                || e instanceof ApiCallTimeoutException
                || e instanceof ApiCallAttemptTimeoutException) {
            return "no answer in time";
        }
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return "answered HTTP " + service.statusCode() + " "
                    + service.awsErrorDetails().errorCode();
        }
        if (e instanceof SdkClientException) {
            return "cannot be reached";
        }
        return e.getMessage() == null ? "failed" : firstLine(e.getMessage());
    }

    private static double elapsedMs(long started) {
        return Math.round((System.nanoTime() - started) / 100_000.0) / 10.0;
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
