package io.comfyless.bench.overhead;

import io.comfyless.contract.Settings;
import io.comfyless.local.stack.LocalStack;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Per-job overhead: the same jobs through the whole local stack (gateway, API function, emulated AWS,
 * runner, ComfyUI) and through a direct client of the same ComfyUI, in one run. Two workloads (tiny,
 * and an ImageBlur sized to take about a second on that server), each one job at a time and
 * {@code clients} at once; every job distinct, so ComfyUI's cache serves none.
 *
 * <pre>
 * ./comfyless bench overhead [--comfyui double|real|URL]... [--jobs 30] [--clients 8] [--blur-seconds 1.0]
 *                            [--warmup 5] [--workloads tiny,blur]
 * </pre>
 *
 * Without {@code --comfyui} it measures against the protocol double and then the real ComfyUI.
 */
public final class OverheadBenchmark {

    private record Options(
            List<String> servers, int jobs, int clients, Duration blur, int warmup, List<String> workloads) {}

    private OverheadBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        System.out.printf(
                "Overhead benchmark: %d distinct jobs per phase, 1 and %d clients, blur sized to %.1f s%n",
                options.jobs(), options.clients(), Phase.Result.seconds(options.blur()));
        for (String which : options.servers()) {
            measure(which, options);
        }
        System.exit(0);
    }

    private static void measure(String which, Options options) throws Exception {
        try (ComfyServer server = ComfyServer.start(which);
                LocalStack stack = LocalStack.start(new LocalStack.Options(
                        0,
                        1,
                        Optional.of(server.url()),
                        false,
                        Settings.DEFAULT_LOCAL_PREFIX + "bench"
                                + UUID.randomUUID().toString().substring(0, 6)));
                BusyMonitor monitor = new BusyMonitor(server.url())) {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            StackCalls calls = new StackCalls(stack);
            Path direct = new Path("direct", () -> new DirectClient(server.url()), Optional.empty());
            Path comfyless = new Path("ComfyLess", () -> new StackClient(stack.apiUrl(), http), Optional.of(calls));

            for (Path path : List.of(direct, comfyless)) {
                Phase.run("warm-up", Workload.tiny(), 1, options.warmup(), path.connect(), monitor, Optional.empty());
            }
            System.out.printf("%n## %s%n", server.label());
            List<Workload> workloads = new ArrayList<>();
            if (options.workloads().contains("tiny")) {
                workloads.add(Workload.tiny());
            }
            if (options.workloads().contains("blur")) {
                BlurCalibration.Calibrated blur = BlurCalibration.calibrate(server, monitor, options.blur());
                System.out.printf(
                        "Blur workload: %d px, radius %d: %.2f s in ComfyUI when run alone%n",
                        blur.workload().side(), blur.workload().blurRadius(), Phase.Result.seconds(blur.measured()));
                workloads.add(blur.workload());
            }

            List<Phase.Result> results = new ArrayList<>();
            for (Workload workload : workloads) {
                for (int clients : List.of(1, options.clients())) {
                    for (Path path : List.of(direct, comfyless)) {
                        results.add(Phase.run(
                                path.name(), workload, clients, options.jobs(), path.connect(), monitor, path.calls()));
                    }
                }
            }
            Report.print(results, System.out);
        }
    }

    private record Path(String name, java.util.function.Supplier<JobClient> connect, Optional<StackCalls> calls) {}

    private static Options parse(String[] args) {
        List<String> servers = new ArrayList<>();
        int jobs = 30;
        int clients = 8;
        Duration blur = Duration.ofSeconds(1);
        int warmup = 5;
        List<String> workloads = List.of("tiny", "blur");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--comfyui" -> servers.add(required(args[i], value));
                case "--jobs" -> jobs = Integer.parseInt(required(args[i], value));
                case "--clients" -> clients = Integer.parseInt(required(args[i], value));
                case "--blur-seconds" ->
                    blur = Duration.ofMillis(Math.round(Double.parseDouble(required(args[i], value)) * 1000));
                case "--warmup" -> warmup = Integer.parseInt(required(args[i], value));
                case "--workloads" ->
                    workloads = List.of(required(args[i], value).split(","));
                default ->
                    throw new IllegalArgumentException("Unknown option " + args[i]
                            + "; usage: bench overhead [--comfyui double|real|URL]... [--jobs N] [--clients N]"
                            + " [--blur-seconds S] [--warmup N] [--workloads tiny,blur]");
            }
            i++;
        }
        return new Options(
                servers.isEmpty() ? List.of("double", "real") : servers, jobs, clients, blur, warmup, workloads);
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
