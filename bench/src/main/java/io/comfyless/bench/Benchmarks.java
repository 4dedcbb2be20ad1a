package io.comfyless.bench;

import io.comfyless.bench.overhead.OverheadBenchmark;
import java.util.Arrays;

/**
 * {@code ./comfyless bench ...}: {@code overhead [options]} runs {@link OverheadBenchmark}; anything
 * else ({@code [jobs] [gpu_ms] [poll_ms]}) runs {@link IdleGapBenchmark}, as before.
 */
public final class Benchmarks {

    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("overhead")) {
            OverheadBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
        } else {
            IdleGapBenchmark.main(args);
        }
    }
}
