package io.comfyless.bench;

import io.comfyless.bench.lambda.LambdaBenchmark;
import java.util.Arrays;

/**
 * {@code ./comfyless bench ...}: {@code lambda [rounds] [warm]} runs {@link LambdaBenchmark};
 * anything else ({@code [jobs] [gpu_ms] [poll_ms]}) runs {@link IdleGapBenchmark}, as before.
 */
public final class Benchmarks {

    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("lambda")) {
            LambdaBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
        } else {
            IdleGapBenchmark.main(args);
        }
    }
}
