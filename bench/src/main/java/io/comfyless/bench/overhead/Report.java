package io.comfyless.bench.overhead;

import io.comfyless.core.config.AwsCallCounter.Snapshot;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** Prints the phases of one server as a Markdown table, with ComfyLess's ratios against the direct client. */
final class Report {

    private Report() {}

    static void print(List<Phase.Result> results, PrintStream out) {
        out.println();
        out.println(
                "| workload | clients | path | wall | jobs/s | p50 | p95 | ComfyUI busy | ComfyUI per job | idle gap"
                        + " | overhead/job | pickup p50 | claim to done p50 | AWS calls/job (API + runner) | mean AWS call |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Phase.Result result : results) {
            out.printf(
                    "| %s | %d | %s | %.2f s | %.2f | %s | %s | %.0f %% | %s | %s | %s | %s | %s | %s | %s |%n",
                    result.workload().name().startsWith("blur")
                            ? "~1 s blur"
                            : result.workload().name(),
                    result.clients(),
                    result.path(),
                    Phase.Result.seconds(result.wall()),
                    result.jobsPerSecond(),
                    millis(percentile(result.latencies(), 0.5)),
                    millis(percentile(result.latencies(), 0.95)),
                    100 * result.busyFraction(),
                    millis(result.busy().busy().dividedBy(result.jobs())),
                    millis(result.meanIdleGap()),
                    millis(result.overheadPerJob()),
                    result.pickups().isEmpty() ? "–" : millis(percentile(result.pickups(), 0.5)),
                    result.runs().isEmpty() ? "–" : millis(percentile(result.runs(), 0.5)),
                    result.calls()
                            .map(calls -> String.format(
                                    "%.1f + %.1f",
                                    perJob(calls.api(), result.jobs()), perJob(calls.runner(), result.jobs())))
                            .orElse("–"),
                    result.calls().map(calls -> millis(calls.timing().mean())).orElse("–"));
        }
        out.println();
        for (int i = 0; i + 1 < results.size(); i += 2) {
            Phase.Result direct = results.get(i);
            Phase.Result stack = results.get(i + 1);
            out.printf(
                    "%s, %d client(s): ComfyLess / direct wall time %.2f×, throughput %.2f×, p50 latency %.2f×%n",
                    stack.workload().name(),
                    stack.clients(),
                    Phase.Result.seconds(stack.wall()) / Phase.Result.seconds(direct.wall()),
                    stack.jobsPerSecond() / direct.jobsPerSecond(),
                    Phase.Result.seconds(percentile(stack.latencies(), 0.5))
                            / Phase.Result.seconds(percentile(direct.latencies(), 0.5)));
        }
        out.println();
        out.println("AWS calls per job through ComfyLess, by who made them:");
        for (Phase.Result result : results) {
            result.calls()
                    .ifPresent(calls -> out.printf(
                            "- %s, %d client(s): API %s; runner %s; event pump and reaper %.1f%n",
                            result.workload().name(),
                            result.clients(),
                            breakdown(calls.api(), result.jobs()),
                            breakdown(calls.runner(), result.jobs()),
                            perJob(calls.background(), result.jobs())));
        }
    }

    private static String breakdown(Snapshot calls, int jobs) {
        return String.format("%.1f", perJob(calls, jobs))
                + calls.byOperation().entrySet().stream()
                        .filter(entry -> entry.getValue() > 0)
                        .map(entry -> String.format("%s %.2f", entry.getKey(), entry.getValue() / (double) jobs))
                        .collect(Collectors.joining(", ", " (", ")"));
    }

    private static double perJob(Snapshot calls, int jobs) {
        return calls.total() / (double) jobs;
    }

    static Duration percentile(List<Duration> values, double p) {
        if (values.isEmpty()) {
            return Duration.ZERO;
        }
        List<Duration> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(p * sorted.size()) - 1)));
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }
}
