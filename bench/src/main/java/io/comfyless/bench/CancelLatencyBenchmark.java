package io.comfyless.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.job.ExecutionConfig;
import io.comfyless.core.job.IdGenerator;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobRequest;
import io.comfyless.core.job.JobService;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.JobStore;
import io.comfyless.core.job.Priority;
import io.comfyless.core.json.Json;
import io.comfyless.core.workflow.Workflow;
import io.comfyless.runner.Runner;
import io.comfyless.runner.RunnerConfig;
import io.comfyless.runner.RunnerMain;
import io.comfyless.runner.comfyui.ComfyUiClient;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.comfyui.RealComfyUi;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * How long a cancel takes on a real ComfyUI (its tree of March 2024, on CPU) when the job is inside a node that is not
 * a sampler: ComfyUI acts on an interrupt only once that node ends, so the wait is the rest of the node plus the
 * runner's part (noticing the cancel at its next heartbeat, and the final write). Cancels land at random points of a
 * blur that takes seconds; the baseline, measured in the same run, is how long that blur node takes uncancelled.
 *
 * <p>Arguments: cancels (default 5), image size of the blur in pixels (1024).
 */
public final class CancelLatencyBenchmark {

    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private CancelLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int cancels = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        Random random = new Random();
        RuntimeConfig config = RuntimeConfig.from(AwsEmulator.freshResources().environment()::get);
        try (AwsClients aws = new AwsClients(config);
                RealComfyUi comfy = RealComfyUi.start()) {
            Adapters adapters = new Adapters(config, aws);
            JobStore store = adapters.jobStore();
            JobService jobs = new JobService(store, adapters.jobQueue(), Clock.systemUTC(), new IdGenerator());
            Runner runner = RunnerMain.create(runnerConfig(comfy), adapters, Clock.systemUTC());
            runner.start();
            try {
                ComfyUiClient client = new ComfyUiClient(comfy.base());
                long node = nodeMillis(client, size, random);
                System.out.printf(
                        "Cancel-latency benchmark: %d cancels inside a %dx%d blur (radius 31) on a real ComfyUI on CPU;"
                                + " the blur node alone takes %d ms%n",
                        cancels, size, size, node);
                List<Long> latencies = new ArrayList<>();
                for (int i = 0; i < cancels; i++) {
                    Job job = jobs.submit("bench", request(size, random), Optional.empty())
                            .job();
                    // Running in ComfyUI means in the blur: the empty image before it takes milliseconds. Asked of
                    // ComfyUI itself, since the runner stores progress only with its once-a-second heartbeat.
                    await(
                            store,
                            job.id(),
                            current -> current.status() == JobStatus.RUNNING
                                    && !client.queue().running().isEmpty());
                    Thread.sleep(random.nextLong(Math.max(1, node * 3 / 4)));
                    Instant asked = Instant.now();
                    jobs.cancel("bench", job.id());
                    await(store, job.id(), current -> current.status() == JobStatus.CANCELLED);
                    long latency = Duration.between(asked, Instant.now()).toMillis();
                    latencies.add(latency);
                    System.out.printf("  cancel %d: %d ms%n", i + 1, latency);
                }
                report(latencies, node);
            } finally {
                runner.drain(Duration.ofSeconds(5));
                runner.close();
            }
        }
        System.exit(0);
    }

    /**
     * The baseline: the same prompt straight to ComfyUI, uncancelled, timed from {@code POST /prompt} to its history
     * entry. The blur is nearly all of it (the other nodes take milliseconds).
     */
    private static long nodeMillis(ComfyUiClient comfy, int size, Random random) throws InterruptedException {
        ObjectNode prompt = (ObjectNode) request(size, random).workflow().toJson();
        Instant started = Instant.now();
        String promptId = comfy.submit(prompt, UUID.randomUUID().toString(), "bench-baseline", null);
        Instant deadline = started.plus(PATIENCE);
        while (comfy.history(promptId).isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The baseline prompt did not finish within " + PATIENCE);
            }
            Thread.sleep(20);
        }
        return Duration.between(started, Instant.now()).toMillis();
    }

    private static void report(List<Long> latencies, long node) {
        List<Long> sorted = latencies.stream().sorted().toList();
        double mean = sorted.stream().mapToLong(Long::longValue).average().orElse(0);
        System.out.println();
        System.out.println("| cancels | blur node (baseline) | mean cancel latency | min | max | mean / node |");
        System.out.println("|---|---|---|---|---|---|");
        System.out.printf(
                "| %d | %d ms | %.0f ms | %d ms | %d ms | %.2f |%n",
                sorted.size(), node, mean, sorted.get(0), sorted.get(sorted.size() - 1), mean / Math.max(1, node));
    }

    private static void await(JobStore store, String id, Predicate<Job> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.test(store.find(id).orElseThrow())) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Job " + id + " did not get there within " + PATIENCE);
            }
            Thread.sleep(20);
        }
    }

    /** As the local stack runs it: one-second heartbeat, which bounds how soon a cancel is noticed. */
    private static RunnerConfig runnerConfig(RealComfyUi comfy) {
        return RunnerConfig.builder("bench-runner", comfy.base())
                .heartbeat(Duration.ofSeconds(1))
                .idleWait(Duration.ofSeconds(1))
                .drainGrace(Duration.ofSeconds(5))
                .instanceType("bench")
                .capacity("none")
                .build();
    }

    /** A colour of its own per job, so ComfyUI's cache never skips the blur. */
    private static JobRequest request(int size, Random random) {
        String graph = """
                {"1": {"class_type": "EmptyImage", "inputs": {"width": %d, "height": %d, "batch_size": 1, "color": %d}},
                 "2": {"class_type": "ImageBlur", "inputs": {"image": ["1", 0], "blur_radius": 31, "sigma": 1.0}},
                 "3": {"class_type": "ImageInvert", "inputs": {"image": ["2", 0]}},
                 "4": {"class_type": "SaveImage", "inputs": {"images": ["3", 0], "filename_prefix": "bench/cancel"}}}
                """.formatted(size, size, random.nextInt(0xFFFFFF));
        return new JobRequest(
                Workflow.of((ObjectNode) Json.read(graph)),
                null,
                null,
                Priority.NORMAL,
                ExecutionConfig.defaults(),
                null,
                null,
                null,
                null,
                null);
    }
}
