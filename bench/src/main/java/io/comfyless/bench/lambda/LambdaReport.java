package io.comfyless.bench.lambda;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Prints {@code bench lambda}'s tables (Markdown, as the README shows them): medians and ratios to the plain handler. */
final class LambdaReport {

    private final Map<String, List<Sample>> samples;
    private final String baseline;
    private final Map<String, Target> targets;

    LambdaReport(Map<String, List<Sample>> samples, String baseline, Map<String, Target> targets) {
        this.samples = samples;
        this.baseline = baseline;
        this.targets = targets;
    }

    void print(PrintStream out, int rounds, int warm) {
        List<Sample> plain = samples.get(baseline);
        double plainInit = median(plain.stream().map(Sample::initMillis).toList());
        double plainTotal = median(plain.stream().map(Sample::totalMillis).toList());
        out.printf("%nCold start, fresh JVM per start, %d rounds (median, min-max in ms)%n%n", rounds);
        out.println("| function | init | init / plain | first request | JVM start to first answer | total / plain "
                + "| jar | unzipped |");
        out.println("|---|---|---|---|---|---|---|---|");
        samples.forEach((name, runs) -> {
            List<Long> init = runs.stream().map(Sample::initMillis).toList();
            List<Long> first = runs.stream().map(Sample::firstRequestMillis).toList();
            List<Long> total = runs.stream().map(Sample::totalMillis).toList();
            out.printf(
                    "| %s | %s | %.2f | %s | %s | %.2f | %s |%n",
                    name,
                    spread(init),
                    median(init) / plainInit,
                    spread(first),
                    spread(total),
                    median(total) / plainTotal,
                    size(targets.get(name)));
        });
        out.printf("%nWarm submit latency, %d submits after the first in each of %d processes (ms)%n%n", warm, rounds);
        out.println("| handler | p50 | p90 | p50 / plain |");
        out.println("|---|---|---|---|");
        double plainWarm = percentile(warmMillis(plain), 0.5);
        samples.forEach((name, runs) -> {
            List<Double> times = warmMillis(runs);
            if (!times.isEmpty()) {
                out.printf(
                        "| %s | %.1f | %.1f | %.2f |%n",
                        name, percentile(times, 0.5), percentile(times, 0.9), percentile(times, 0.5) / plainWarm);
            }
        });
        printArtifacts(out);
        out.printf("%nAWS calls per request (warm, last round)%n%n");
        out.println("| handler | request | calls | by operation |");
        out.println("|---|---|---|---|");
        samples.forEach((name, runs) -> runs.get(runs.size() - 1)
                .calls()
                .forEach((request, operations) -> out.printf(
                        "| %s | %s | %d | %s |%n",
                        name,
                        request,
                        operations.values().stream().mapToLong(Long::longValue).sum(),
                        operations)));
    }

    /** What fills each jar, compressed, by library group: where the size goes. */
    private void printArtifacts(PrintStream out) {
        out.printf("%nWhat each jar holds (MB compressed)%n%n");
        out.println("| function | " + String.join(" | ", JarParts.GROUPS) + " | other |");
        out.println("|---|" + "---|".repeat(JarParts.GROUPS.size() + 1));
        targets.values().stream()
                .filter(target -> target.artifact().isPresent())
                .filter(target -> !target.environment().containsValue(EmptyLambda.class.getName()))
                .forEach(target -> out.println("| " + target.name() + " | "
                        + String.join(
                                " | ",
                                JarParts.of(target.artifact().get()).stream()
                                        .map(bytes -> String.format("%.1f", bytes / 1e6))
                                        .toList())
                        + " |"));
    }

    private static String size(Target target) {
        if (target == null || target.artifact().isEmpty()) {
            return "- | - ";
        }
        Path jar = target.artifact().get();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            long unzipped = 0;
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                unzipped += Math.max(0, entries.nextElement().getSize());
            }
            return String.format("%.1f MB | %.1f MB", Files.size(jar) / 1e6, unzipped / 1e6);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Double> warmMillis(List<Sample> runs) {
        return runs.stream()
                .flatMap(run -> run.warmMicros().stream())
                .map(micros -> micros / 1000.0)
                .toList();
    }

    private static String spread(List<Long> values) {
        return String.format(
                "%.0f (%d-%d)",
                median(values),
                values.stream().mapToLong(Long::longValue).min().orElse(0),
                values.stream().mapToLong(Long::longValue).max().orElse(0));
    }

    private static double median(List<Long> values) {
        return percentile(values.stream().map(Long::doubleValue).toList(), 0.5);
    }

    private static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(p * sorted.size()) - 1)));
    }
}
