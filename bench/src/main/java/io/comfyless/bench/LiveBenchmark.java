package io.comfyless.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.job.Job;
import io.comfyless.core.json.Json;
import io.comfyless.local.stack.LocalStack;
import io.comfyless.runner.Runner;
import io.comfyless.runner.RunnerConfig;
import io.comfyless.runner.RunnerMain;
import io.comfyless.testkit.comfyui.ComfyUiDouble;
import io.comfyless.testkit.comfyui.ExecutionLog;
import io.comfyless.testkit.comfyui.NodeTarget;
import io.comfyless.testkit.live.LiveClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Live updates on the local stack, against the CLI's polling in the same run. Sampling jobs (a
 * model-free workflow whose ImageInvert node steps like a sampler in the ComfyUI double) run on
 * runners with a double each; every {@code progress} message a double sends is stamped.
 *
 * <ol>
 *   <li>Latency: one client subscribed to the tenant's jobs while jobs run one after another, each
 *       also followed by a poller that reads its status once a second, as a client without the
 *       socket or held reads would. For each progress frame (live) or status answer (polling), the time since the
 *       double sent the step it reports ("transit"); and for each step the double sent, the time until
 *       the client knew it or a later one ("staleness", which counts the steps coalesced away too).
 *   <li>Load: many clients subscribed to the tenant's jobs while many jobs run at once. Every event
 *       that reached any client must reach every client, and every job's queued, started and complete
 *       events must arrive: whatever is missing is counted lost.
 * </ol>
 *
 * <p>Arguments: clients (200), jobs (50), runners (10), steps per job (20), ms per step (150),
 * latency jobs (5).
 */
public final class LiveBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration POLL = Duration.ofSeconds(1);

    private LiveBenchmark() {}

    record Options(int clients, int jobs, int runners, int steps, Duration step, int latencyJobs) {
        static Options from(String[] args) {
            return new Options(
                    arg(args, 0, 200),
                    arg(args, 1, 50),
                    arg(args, 2, 10),
                    arg(args, 3, 20),
                    Duration.ofMillis(arg(args, 4, 150)),
                    arg(args, 5, 5));
        }

        private static int arg(String[] args, int index, int fallback) {
            return args.length > index ? Integer.parseInt(args[index]) : fallback;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.from(args);
        System.out.printf(
                "Live-update benchmark: %d runners with a ComfyUI double each, %d steps of %d ms per job%n",
                options.runners(), options.steps(), options.step().toMillis());
        LocalStack stack = LocalStack.start(new LocalStack.Options(
                0,
                0,
                Optional.empty(),
                false,
                "bench-live-" + UUID.randomUUID().toString().substring(0, 6)));
        List<ComfyUiDouble> doubles = new ArrayList<>();
        List<Runner> runners = new ArrayList<>();
        try {
            for (int i = 1; i <= options.runners(); i++) {
                ComfyUiDouble comfy = ComfyUiDouble.start();
                comfy.faults().sample(NodeTarget.ofClass("ImageInvert"), options.steps(), options.step());
                doubles.add(comfy);
                Runner runner = RunnerMain.create(
                        runnerConfig("bench-runner-" + i, URI.create(comfy.url())),
                        stack.adapters(),
                        Clock.systemUTC());
                runner.start();
                runners.add(runner);
            }
            Stamps stamps = new Stamps(stack, doubles);
            Latency latency = latency(stack, stamps, options);
            Load load = load(stack, stamps, options);
            report(options, latency, load);
        } finally {
            runners.forEach(runner -> {
                runner.drain(Duration.ofSeconds(5));
                runner.close();
            });
            doubles.forEach(ComfyUiDouble::close);
            stack.close();
        }
    }

    /** The same runner settings as the local stack's. */
    private static RunnerConfig runnerConfig(String workerId, URI comfyui) {
        return new RunnerConfig(
                workerId,
                comfyui,
                Duration.ofSeconds(30),
                Duration.ofSeconds(1),
                Duration.ofSeconds(120),
                Duration.ofSeconds(1),
                2,
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                "local",
                "on-demand");
    }

    record Latency(
            Samples liveTransit,
            Samples liveStaleness,
            Samples liveFromRunner,
            Samples pollTransit,
            Samples pollStaleness) {}

    record Load(int clients, int jobs, long frames, long lost, Samples transit, Samples fromRunner, Duration took) {}

    private static Latency latency(LocalStack stack, Stamps stamps, Options options) throws Exception {
        Samples liveTransit = new Samples();
        Samples liveStaleness = new Samples();
        Samples liveFromRunner = new Samples();
        Samples pollTransit = new Samples();
        Samples pollStaleness = new Samples();
        try (LiveClient client = LiveClient.connect(stack.liveUrl())) {
            client.request("{\"type\":\"subscribe\",\"channels\":[\"jobs\"],\"request_id\":\"s\"}", "s");
            for (int i = 0; i < options.latencyJobs(); i++) {
                String id = submit(stack, 1000 + i);
                List<Seen> polled = poll(stack, id);
                client.await(m -> m.path("type").asText().equals("complete")
                        && m.path("execution_id").asText().equals(id));
                List<Seen> pushed = new ArrayList<>();
                for (LiveClient.Frame frame : client.frames()) {
                    JsonNode message = frame.message();
                    if (message.path("type").asText().equals("progress")
                            && message.path("execution_id").asText().equals(id)
                            && message.path("data").has("current_step")) {
                        pushed.add(new Seen(
                                message.path("data").path("current_step").asLong(), frame.receivedNanos()));
                        liveFromRunner.add(fromReport(message, frame));
                    }
                }
                List<ExecutionLog.ProgressSent> sent = stamps.of(id);
                measure(sent, pushed, liveTransit, liveStaleness);
                measure(sent, polled, pollTransit, pollStaleness);
            }
        }
        return new Latency(liveTransit, liveStaleness, liveFromRunner, pollTransit, pollStaleness);
    }

    /** A step the client learnt of, and when ({@link System#nanoTime()}). */
    record Seen(long step, long atNanos) {}

    /** Transit of each sighting from the step it shows; staleness of each step sent until it or a later one was seen. */
    private static void measure(
            List<ExecutionLog.ProgressSent> sent, List<Seen> seen, Samples transit, Samples staleness) {
        Map<Long, Long> sentAt = new HashMap<>();
        sent.forEach(step -> sentAt.putIfAbsent(step.value(), step.sentNanos()));
        for (Seen sighting : seen) {
            Long at = sentAt.get(sighting.step());
            if (at != null) {
                transit.add((sighting.atNanos() - at) / 1_000_000.0);
            }
        }
        for (ExecutionLog.ProgressSent step : sent) {
            seen.stream()
                    .filter(sighting -> sighting.step() >= step.value() && sighting.atNanos() >= step.sentNanos())
                    .mapToLong(Seen::atNanos)
                    .min()
                    .ifPresent(at -> staleness.add((at - step.sentNanos()) / 1_000_000.0));
        }
    }

    /** Follows job {@code id} as a client that polls does: its status once a second until it ends. */
    private static List<Seen> poll(LocalStack stack, String id) throws Exception {
        List<Seen> seen = new ArrayList<>();
        while (true) {
            JsonNode status = Json.read(HTTP.send(
                            HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/v1/workflows/" + id + "/status"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            long at = System.nanoTime();
            if (status.hasNonNull("current_step")) {
                seen.add(new Seen(status.path("current_step").asLong(), at));
            }
            if (Set.of("completed", "failed", "cancelled")
                    .contains(status.path("status").asText())) {
                return seen;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static Load load(LocalStack stack, Stamps stamps, Options options) throws Exception {
        List<LiveClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < options.clients(); i++) {
                LiveClient client = LiveClient.connect(stack.liveUrl());
                client.request("{\"type\":\"subscribe\",\"channels\":[\"jobs\"],\"request_id\":\"s\"}", "s");
                clients.add(client);
            }
            long started = System.nanoTime();
            List<String> jobs = new ArrayList<>();
            ExecutorService submitters = Executors.newFixedThreadPool(10);
            List<Future<String>> submitted = new ArrayList<>();
            for (int i = 0; i < options.jobs(); i++) {
                int colour = 5000 + i;
                submitted.add(submitters.submit(() -> submit(stack, colour)));
            }
            for (Future<String> job : submitted) {
                jobs.add(job.get());
            }
            submitters.shutdown();
            for (LiveClient client : clients) {
                for (String id : jobs) {
                    client.await(m -> m.path("type").asText().equals("complete")
                            && m.path("execution_id").asText().equals(id));
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            return tally(clients, jobs, stamps, took);
        } finally {
            clients.forEach(LiveClient::close);
        }
    }

    /** Lost: what some client got and another did not, and any job event no client got. */
    private static Load tally(List<LiveClient> clients, List<String> jobs, Stamps stamps, Duration took) {
        Set<String> jobSet = new HashSet<>(jobs);
        Set<String> union = new HashSet<>();
        List<Set<String>> received = new ArrayList<>();
        long frames = 0;
        Samples transit = new Samples();
        Samples fromRunner = new Samples();
        Map<String, List<ExecutionLog.ProgressSent>> sent = new HashMap<>();
        jobs.forEach(id -> sent.put(id, stamps.of(id)));
        for (LiveClient client : clients) {
            Set<String> ids = new HashSet<>();
            for (LiveClient.Frame frame : client.frames()) {
                JsonNode message = frame.message();
                String job = message.path("execution_id").asText();
                if (!jobSet.contains(job)) {
                    continue;
                }
                frames++;
                ids.add(message.path("id").asText());
                if (message.path("type").asText().equals("progress")
                        && message.path("data").has("current_step")) {
                    fromRunner.add(fromReport(message, frame));
                    long step = message.path("data").path("current_step").asLong();
                    sent.get(job).stream()
                            .filter(s -> s.value() == step)
                            .findFirst()
                            .ifPresent(s -> transit.add((frame.receivedNanos() - s.sentNanos()) / 1_000_000.0));
                }
            }
            union.addAll(ids);
            received.add(ids);
        }
        long lost = 0;
        for (Set<String> ids : received) {
            lost += union.size() - ids.size();
        }
        for (String job : jobs) {
            for (String type : List.of("queued", "started", "complete")) {
                boolean anyone = clients.stream()
                        .anyMatch(client -> client.messages().stream()
                                .anyMatch(m -> m.path("execution_id").asText().equals(job)
                                        && m.path("type").asText().equals(type)));
                if (!anyone) {
                    lost += clients.size();
                }
            }
        }
        return new Load(clients.size(), jobs.size(), frames, lost, transit, fromRunner, took);
    }

    /** From the runner's report (the frame's timestamp, when the runner saw the step) to the client. */
    private static double fromReport(JsonNode message, LiveClient.Frame frame) {
        Instant reported = Instant.parse(message.path("timestamp").asText());
        return Duration.between(reported, frame.receivedAt()).toNanos() / 1_000_000.0;
    }

    private static String submit(LocalStack stack, int colour) throws Exception {
        String body = """
                {"workflow": {
                  "1": {"class_type": "EmptyImage", "inputs": {"width": 64, "height": 64, "batch_size": 1, "color": %d}},
                  "2": {"class_type": "ImageInvert", "inputs": {"image": ["1", 0]}},
                  "3": {"class_type": "SaveImage", "inputs": {"images": ["2", 0], "filename_prefix": "bench/live"}}}}
                """.formatted(colour);
        HttpResponse<String> accepted = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/v1/workflows/execute"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("Submit answered " + accepted.statusCode() + ": " + accepted.body());
        }
        return Json.read(accepted.body()).path("execution_id").asText();
    }

    /** The doubles' stamped progress messages of a job, by its prompt. */
    private record Stamps(LocalStack stack, List<ComfyUiDouble> doubles) {
        List<ExecutionLog.ProgressSent> of(String jobId) {
            String prompt =
                    stack.adapters().jobStore().find(jobId).map(Job::promptId).orElseThrow();
            return doubles.stream()
                    .flatMap(comfy -> comfy.executions().progressSent().stream())
                    .filter(sent -> sent.promptId().equals(prompt))
                    .toList();
        }
    }

    private static void report(Options options, Latency latency, Load load) {
        System.out.println();
        System.out.printf(
                "Latency, one job at a time (%d jobs), from the double's progress message to the client:%n",
                options.latencyJobs());
        System.out.println("| method | measure | samples | p50 | p95 |");
        System.out.println("|---|---|---|---|---|");
        row("live (WebSocket)", "transit of each frame", latency.liveTransit());
        row("live (WebSocket)", "staleness of each step", latency.liveStaleness());
        row("live (WebSocket)", "runner's report to client", latency.liveFromRunner());
        row("polling (CLI, 1/s)", "transit of each answer", latency.pollTransit());
        row("polling (CLI, 1/s)", "staleness of each step", latency.pollStaleness());
        System.out.println();
        System.out.printf(
                "Load: %d clients, %d jobs at once on %d runners, in %.1f s: %d job frames delivered, %d lost;"
                        + " progress transit p50 %.0f ms, p95 %.0f ms (from the runner's report: p50 %.0f ms, p95 %.0f ms)%n",
                load.clients(),
                load.jobs(),
                options.runners(),
                load.took().toMillis() / 1000.0,
                load.frames(),
                load.lost(),
                load.transit().percentile(0.50),
                load.transit().percentile(0.95),
                load.fromRunner().percentile(0.50),
                load.fromRunner().percentile(0.95));
    }

    private static void row(String method, String measure, Samples samples) {
        System.out.printf(
                "| %s | %s | %d | %.0f ms | %.0f ms |%n",
                method, measure, samples.size(), samples.percentile(0.50), samples.percentile(0.95));
    }

    /** Milliseconds, with nearest-rank percentiles. */
    static final class Samples {
        private final List<Double> values = new ArrayList<>();

        synchronized void add(double value) {
            values.add(value);
        }

        synchronized int size() {
            return values.size();
        }

        synchronized double percentile(double p) {
            if (values.isEmpty()) {
                return Double.NaN;
            }
            List<Double> sorted = values.stream().sorted().toList();
            return sorted.get((int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(p * sorted.size()) - 1)));
        }
    }
}
