package io.comfyless.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.job.IdGenerator;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobRequest;
import io.comfyless.core.job.JobService;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.JobStore;
import io.comfyless.core.json.Json;
import io.comfyless.core.workflow.Workflow;
import io.comfyless.runner.Runner;
import io.comfyless.runner.RunnerConfig;
import io.comfyless.runner.RunnerMain;
import io.comfyless.runner.comfyui.ComfyUiClient;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.comfyui.ComfyUiDouble;
import io.comfyless.testkit.comfyui.NodeTarget;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How long the GPU sits idle between back-to-back jobs: ComfyLess's pipelined runner against the
 * one-job-at-a-time, poll-/history baseline, on the same emulated AWS and ComfyUI double in one run.
 * A gap is the time from one prompt's {@code execution_success} to the next prompt's
 * {@code execution_start}, both stamped by ComfyUI itself.
 *
 * <p>Arguments: jobs (default 20), simulated GPU time per job in ms (300), baseline poll interval
 * in ms (500).
 */
public final class IdleGapBenchmark {

    private IdleGapBenchmark() {}

    record Result(String name, List<Long> gapsMillis, Duration wall, long executionMillis) {
        double meanGap() {
            return gapsMillis.stream().mapToLong(Long::longValue).average().orElse(0);
        }

        long percentile(double p) {
            List<Long> sorted = gapsMillis.stream().sorted().toList();
            return sorted.isEmpty()
                    ? 0
                    : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
        }

        double overheadPerJobMillis(int jobs) {
            return (wall.toMillis() - executionMillis) / (double) jobs;
        }
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Duration gpuTime = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 300);
        Duration poll = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 500);
        System.out.printf(
                "Idle-gap benchmark: %d jobs, %d ms of simulated GPU work each, baseline polls every %d ms%n",
                jobs, gpuTime.toMillis(), poll.toMillis());

        Result baseline = measure("baseline: one at a time, poll /history", jobs, gpuTime, (adapters, comfy) -> {
            new PollingRunner(
                            adapters.jobStore(),
                            adapters.jobQueue(),
                            adapters.blobStore(),
                            new ComfyUiClient(comfy),
                            poll)
                    .runJobs(jobs);
            return null;
        });
        Result pipelined = measure("ComfyLess runner: pipelined, WebSocket", jobs, gpuTime, (adapters, comfy) -> {
            Runner runner = RunnerMain.create(
                    RunnerConfig.builder("bench-runner", comfy)
                            .idleWait(Duration.ofSeconds(1))
                            .drainGrace(Duration.ofSeconds(5))
                            .instanceType("bench")
                            .capacity("none")
                            .build(),
                    adapters,
                    Clock.systemUTC());
            runner.start();
            return runner;
        });

        System.out.println();
        System.out.println("| runner | mean idle gap | p50 | p95 | overhead per job | wall time |");
        System.out.println("|---|---|---|---|---|---|");
        for (Result result : List.of(baseline, pipelined)) {
            System.out.printf(
                    "| %s | %.0f ms | %d ms | %d ms | %.0f ms | %.1f s |%n",
                    result.name(),
                    result.meanGap(),
                    result.percentile(0.5),
                    result.percentile(0.95),
                    result.overheadPerJobMillis(jobs),
                    result.wall().toMillis() / 1000.0);
        }
        System.out.printf(
                "%nRatio (pipelined / baseline): mean idle gap %.3f, wall time %.2f%n",
                pipelined.meanGap() / Math.max(1, baseline.meanGap()),
                pipelined.wall().toMillis() / (double) baseline.wall().toMillis());
        System.exit(0);
    }

    /** Starts whatever consumes the queue; returns something to close, or null. */
    @FunctionalInterface
    interface Consumer {
        AutoCloseable start(Adapters adapters, URI comfyui) throws Exception;
    }

    private static Result measure(String name, int jobs, Duration gpuTime, Consumer consumer) throws Exception {
        RuntimeConfig config = RuntimeConfig.from(AwsEmulator.freshResources().environment()::get);
        try (AwsClients aws = new AwsClients(config);
                ComfyUiDouble comfy = ComfyUiDouble.start()) {
            comfy.faults().delay(NodeTarget.ofClass("ImageInvert"), gpuTime);
            Adapters adapters = new Adapters(config, aws);
            JobStore store = adapters.jobStore();
            JobService service = new JobService(store, adapters.jobQueue(), Clock.systemUTC(), new IdGenerator());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                ids.add(service.submit("bench", request(i), Optional.empty())
                        .job()
                        .id());
            }
            Instant start = Instant.now();
            AutoCloseable running = consumer.start(adapters, URI.create(comfy.url()));
            while (ids.stream().anyMatch(id -> store.find(id).orElseThrow().status() != JobStatus.COMPLETED)) {
                Thread.sleep(50);
            }
            Duration wall = Duration.between(start, Instant.now());
            if (running != null) {
                running.close();
            }
            return timings(name, ids, store, new ComfyUiClient(URI.create(comfy.url())), wall);
        }
    }

    private static Result timings(String name, List<String> ids, JobStore store, ComfyUiClient comfy, Duration wall) {
        record Span(long start, long end) {}
        List<Span> spans = new ArrayList<>();
        for (String id : ids) {
            Job job = store.find(id).orElseThrow();
            JsonNode entry = comfy.history(job.promptId()).orElseThrow();
            long begin = 0;
            long end = 0;
            for (JsonNode message : entry.path("status").path("messages")) {
                String event = message.path(0).asText();
                if (event.equals("execution_start")) {
                    begin = message.path(1).path("timestamp").asLong();
                } else if (event.equals("execution_success")) {
                    end = message.path(1).path("timestamp").asLong();
                }
            }
            spans.add(new Span(begin, end));
        }
        spans.sort(Comparator.comparingLong(Span::start));
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < spans.size(); i++) {
            gaps.add(Math.max(0, spans.get(i).start() - spans.get(i - 1).end()));
        }
        long executing =
                spans.stream().mapToLong(span -> span.end() - span.start()).sum();
        return new Result(name, gaps, wall, executing);
    }

    /** Distinct colours, so ComfyUI's cache never skips the simulated GPU work. */
    private static JobRequest request(int i) {
        String graph = """
                {"1": {"class_type": "EmptyImage", "inputs": {"width": 256, "height": 256, "batch_size": 1, "color": %d}},
                 "2": {"class_type": "ImageInvert", "inputs": {"image": ["1", 0]}},
                 "3": {"class_type": "SaveImage", "inputs": {"images": ["2", 0], "filename_prefix": "bench"}}}
                """.formatted(i * 4099 % 0xFFFFFF);
        return JobRequest.builder(Workflow.of((ObjectNode) Json.read(graph))).build();
    }
}
