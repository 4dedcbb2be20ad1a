package io.comfyless.bench;

import io.comfyless.bench.lambda.LambdaBenchmark;
import java.util.Arrays;

/**
 * {@code ./comfyless bench [name] [args]}: {@code lambda [rounds] [warm]} runs {@link LambdaBenchmark},
 * {@code load} runs {@link LoadBenchmark}; anything else (or nothing) the GPU idle-gap benchmark,
 * whose arguments are numbers.
 */
public final class Benchmarks {

    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("lambda")) {
            LambdaBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
        } else if (args.length > 0 && args[0].equals("load")) {
            LoadBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
        } else {
            IdleGapBenchmark.main(args);
        }
    }
}
