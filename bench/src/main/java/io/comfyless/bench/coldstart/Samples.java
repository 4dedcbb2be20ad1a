package io.comfyless.bench.coldstart;

import java.util.List;
import java.util.stream.Collectors;

/** Repeated measurements of one stage, in milliseconds (or MB/s), and how they read in a table. */
record Samples(String stage, List<Double> values, String unit) {

    Samples {
        values = List.copyOf(values);
    }

    double median() {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double min() {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    String line() {
        return String.format(
                "%-52s median %8.1f %-4s (min %.1f, max %.1f, n=%d: %s)",
                stage,
                median(),
                unit,
                min(),
                max(),
                values.size(),
                values.stream().map(v -> String.format("%.1f", v)).collect(Collectors.joining(", ")));
    }
}
