package io.comfyless.bench;

import java.util.Arrays;

/**
 * {@code ./comfyless bench [name] [args]}: {@code live} runs {@link LiveBenchmark} (live updates on
 * the local stack); anything else (or nothing) the GPU idle-gap benchmark, whose arguments are numbers.
 */
public final class Benchmarks {

    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("live")) {
            LiveBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
            // Ends the JVM, and with it the emulator it started, whatever threads the stack left behind.
            System.exit(0);
        }
        IdleGapBenchmark.main(args);
    }
}
