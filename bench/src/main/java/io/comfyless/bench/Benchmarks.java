package io.comfyless.bench;

import io.comfyless.bench.coldstart.ColdStartBenchmark;
import io.comfyless.bench.lambda.LambdaBenchmark;
import io.comfyless.bench.overhead.OverheadBenchmark;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ./comfyless bench [name] [args]}: runs the named benchmark with the remaining arguments;
 * with no known name, the GPU idle-gap benchmark, whose arguments are numbers.
 */
public final class Benchmarks {

    /** A benchmark's entry point. */
    @FunctionalInterface
    interface Entry {
        void run(String[] args) throws Exception;
    }

    private static final Map<String, Entry> NAMED = new LinkedHashMap<>();

    static {
        NAMED.put("load", LoadBenchmark::main);
        NAMED.put("cancel", CancelLatencyBenchmark::main);
        NAMED.put("cold-start", ColdStartBenchmark::main);
        NAMED.put("overhead", OverheadBenchmark::main);
        NAMED.put("lambda", LambdaBenchmark::main);
        NAMED.put("live", args -> {
            LiveBenchmark.main(args);
            // Ends the JVM, and with it the emulator it started, whatever threads the stack left behind.
            System.exit(0);
        });
    }

    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        Entry named = args.length > 0 ? NAMED.get(args[0]) : null;
        if (named != null) {
            named.run(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
    }
}
