package io.comfyless.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.json.Json;
import io.comfyless.local.stack.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./comfyless bench load [submits] [concurrency] [runners]}: the whole local stack (emulated
 * AWS, the API behind the local gateway, runners against the ComfyUI double) takes {@code submits}
 * model-free jobs from {@code concurrency} clients at once. Reports submit throughput and latency
 * (p50, p99), then waits for every job to end and counts jobs lost (accepted but never completed)
 * and jobs run twice (ComfyUI executed the same job's prompt more than once, read from ComfyUI's own
 * {@code /history}). A benchmark, never a test: the numbers depend on the machine.
 */
public final class LoadBenchmark {

    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(20);

    private LoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int submits = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int runners = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        System.out.printf("Load benchmark: %d submits at concurrency %d, %d runners%n", submits, concurrency, runners);
        String prefix = "load" + UUID.randomUUID().toString().substring(0, 6);
        try (LocalStack stack = LocalStack.start(new LocalStack.Options(0, runners, Optional.empty(), false, prefix))) {
            run(stack, submits, concurrency);
        }
        System.exit(0);
    }

    private static void run(LocalStack stack, int submits, int concurrency) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .executor(Executors.newFixedThreadPool(concurrency))
                .build();
        URI execute = stack.apiUrl().resolve("/v1/workflows/execute");
        List<Long> latenciesNanos = Collections.synchronizedList(new ArrayList<>());
        Map<String, String> accepted = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        Instant started = Instant.now();
        List<Future<?>> pending = new ArrayList<>();
        for (int i = 0; i < submits; i++) {
            String tag = "load-" + i;
            pending.add(clients.submit(() -> {
                long t0 = System.nanoTime();
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(execute)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body(tag)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                latenciesNanos.add(System.nanoTime() - t0);
                statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger())
                        .incrementAndGet();
                if (response.statusCode() == 202) {
                    accepted.put(Json.read(response.body()).get("execution_id").asText(), tag);
                }
                return null;
            }));
        }
        for (Future<?> each : pending) {
            each.get();
        }
        Duration submitWall = Duration.between(started, Instant.now());
        clients.shutdown();

        Map<String, JobStatus> ended = awaitEnd(stack, accepted.keySet());
        Duration total = Duration.between(started, Instant.now());
        Map<String, Integer> runsPerTag = promptRunsPerTag(http, stack.comfyuiUrl());

        List<Long> sorted = new ArrayList<>(latenciesNanos);
        Collections.sort(sorted);
        long completed =
                ended.values().stream().filter(s -> s == JobStatus.COMPLETED).count();
        long lost = accepted.size() - completed;
        long twice = accepted.values().stream()
                .filter(tag -> runsPerTag.getOrDefault(tag, 0) > 1)
                .count();
        System.out.println();
        System.out.printf(
                "| submits | concurrency | answers | submit throughput | p50 | p99 | all done after | jobs/s end to end | lost | run twice |%n");
        System.out.printf("|---|---|---|---|---|---|---|---|---|---|%n");
        System.out.printf(
                "| %d | %d | %s | %.0f req/s | %d ms | %d ms | %.1f s | %.1f | %d | %d |%n",
                submits,
                concurrency,
                statuses,
                submits / (submitWall.toMillis() / 1000.0),
                percentile(sorted, 0.50) / 1_000_000,
                percentile(sorted, 0.99) / 1_000_000,
                total.toMillis() / 1000.0,
                completed / (total.toMillis() / 1000.0),
                lost,
                twice);
        if (lost > 0) {
            Map<JobStatus, Long> byStatus = new HashMap<>();
            ended.values().forEach(status -> byStatus.merge(status, 1L, Long::sum));
            System.out.println("Not completed, by status: " + byStatus);
        }
    }

    private static String body(String tag) {
        return "{\"workflow\": {\"1\": {\"class_type\": \"EmptyImage\", \"inputs\": {\"width\": 8, \"height\": 8,"
                + " \"batch_size\": 1, \"color\": 0}}, \"2\": {\"class_type\": \"SaveImage\", \"inputs\":"
                + " {\"images\": [\"1\", 0], \"filename_prefix\": \"" + tag + "\"}}}}";
    }

    /** Polls the job store until every accepted job has ended, or the limit passes. */
    private static Map<String, JobStatus> awaitEnd(LocalStack stack, Set<String> ids) throws InterruptedException {
        Map<String, JobStatus> ended = new HashMap<>();
        Instant deadline = Instant.now().plus(DRAIN_LIMIT);
        while (ended.size() < ids.size() && Instant.now().isBefore(deadline)) {
            for (JobStatus status : List.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED)) {
                for (Job job : stack.adapters()
                        .jobStore()
                        .list("default", Optional.of(status), 10_000, 0)
                        .items()) {
                    if (ids.contains(job.id())) {
                        ended.put(job.id(), job.status());
                    }
                }
            }
            System.out.printf("  %d of %d jobs ended%n", ended.size(), ids.size());
            if (ended.size() < ids.size()) {
                Thread.sleep(5000);
            }
        }
        return ended;
    }

    /** How often ComfyUI ran each job's prompt, by the SaveImage prefix that names the job. */
    private static Map<String, Integer> promptRunsPerTag(HttpClient http, URI comfyui) throws Exception {
        String history = http.send(
                        HttpRequest.newBuilder(comfyui.resolve("/history")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Map<String, Integer> runs = new HashMap<>();
        for (JsonNode entry : Json.read(history)) {
            for (JsonNode node : entry.path("prompt").path(2)) {
                String prefix = node.path("inputs").path("filename_prefix").asText("");
                if (prefix.startsWith("load-")) {
                    runs.merge(prefix, 1, Integer::sum);
                }
            }
        }
        return runs;
    }

    private static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
