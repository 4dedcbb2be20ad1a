package io.comfyless.bench.lambda;

import java.util.List;
import java.util.Map;

/**
 * One cold start of a {@link Target}: milliseconds from launching the JVM to the handler being
 * constructed (Lambda's init), then to the first answer; warm request times in microseconds; AWS
 * calls of each counted request, by operation.
 */
record Sample(
        long initMillis,
        long firstRequestMillis,
        List<Long> warmMicros,
        Map<String, Map<String, Long>> calls,
        String firstAnswer) {

    long totalMillis() {
        return initMillis + firstRequestMillis;
    }
}
