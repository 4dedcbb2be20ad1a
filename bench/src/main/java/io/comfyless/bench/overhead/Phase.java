package io.comfyless.bench.overhead;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** One measurement: {@code jobs} distinct prompts of one workload through one path, {@code clients} at a time. */
final class Phase {

    /** How long the stack gets after the last job to finish what follows a completion (deletes, events). */
    private static final Duration SETTLE = Duration.ofSeconds(1);

    record Result(
            String path,
            Workload workload,
            int clients,
            int jobs,
            Duration wall,
            List<Duration> latencies,
            List<Duration> pickups,
            List<Duration> runs,
            BusyMonitor.Busy busy,
            Optional<StackCalls.Split> calls) {

        double jobsPerSecond() {
            return jobs / seconds(wall);
        }

        double busyFraction() {
            return seconds(busy.busy()) / seconds(wall);
        }

        /** ComfyUI's idle time between consecutive jobs, on average over every pair. */
        Duration meanIdleGap() {
            Duration idle = busy.idleGaps().stream().reduce(Duration.ZERO, Duration::plus);
            return jobs > 1 ? idle.dividedBy(jobs - 1) : Duration.ZERO;
        }

        /** Wall time minus ComfyUI's own time, per job. */
        Duration overheadPerJob() {
            Duration idle = wall.minus(busy.busy());
            return idle.isNegative() ? Duration.ZERO : idle.dividedBy(jobs);
        }

        static double seconds(Duration duration) {
            return duration.toNanos() / 1e9;
        }
    }

    private Phase() {}

    static Result run(
            String path,
            Workload workload,
            int clients,
            int jobs,
            Supplier<JobClient> connect,
            BusyMonitor monitor,
            Optional<StackCalls> calls)
            throws Exception {
        monitor.awaitIdle(Duration.ofMinutes(2));
        List<JobClient> connected = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            connected.add(connect.get());
        }
        Optional<StackCalls.Split> before = calls.map(StackCalls::now);
        List<Duration> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Duration> pickups = Collections.synchronizedList(new ArrayList<>());
        List<Duration> runs = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger left = new AtomicInteger(jobs);
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (JobClient client : connected) {
                running.add(threads.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        long submitted = System.nanoTime();
                        JobClient.Finished finished = client.run(workload.nextPrompt());
                        latencies.add(Duration.ofNanos(System.nanoTime() - submitted));
                        finished.pickup().ifPresent(pickups::add);
                        finished.run().ifPresent(runs::add);
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } finally {
            threads.shutdownNow();
            connected.forEach(JobClient::close);
        }
        long end = System.nanoTime();
        BusyMonitor.Busy busy = monitor.between(start, end);
        Optional<StackCalls.Split> spent = Optional.empty();
        if (calls.isPresent()) {
            Thread.sleep(SETTLE.toMillis());
            spent = Optional.of(calls.get().now().since(before.orElseThrow()));
        }
        return new Result(
                path,
                workload,
                clients,
                jobs,
                Duration.ofNanos(end - start),
                List.copyOf(latencies),
                List.copyOf(pickups),
                List.copyOf(runs),
                busy,
                spent);
    }
}
