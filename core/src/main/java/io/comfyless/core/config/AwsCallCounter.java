package io.comfyless.core.config;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the AWS calls made through every SDK client it is attached to, by service and operation
 * ({@code DynamoDb.UpdateItem}). A call is one SDK operation: the SDK's own retries of it are not
 * counted again. Thread-safe; one counter may be attached to many clients, and {@link #snapshot()}
 * taken before and after some work gives what that work cost ({@link Snapshot#since}).
 */
public final class AwsCallCounter implements ExecutionInterceptor {

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

    // Counted once a call ends, in success or failure: a presigned URL runs the same interceptors up to
    // signing but is never sent, and must not count as a call.
    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        count(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        count(attributes);
    }

    private void count(ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        calls.computeIfAbsent(service + "." + operation, name -> new LongAdder())
                .increment();
    }

    /** The counts so far. */
    public Snapshot snapshot() {
        Map<String, Long> counts = new TreeMap<>();
        calls.forEach((name, count) -> counts.put(name, count.sum()));
        return new Snapshot(counts);
    }

    /** Calls counted so far, by {@code Service.Operation}, sorted by name. */
    public record Snapshot(Map<String, Long> byOperation) {

        public Snapshot {
            byOperation = Collections.unmodifiableMap(new TreeMap<>(byOperation));
        }

        public long total() {
            return byOperation.values().stream().mapToLong(Long::longValue).sum();
        }

        public long of(String serviceDotOperation) {
            return byOperation.getOrDefault(serviceDotOperation, 0L);
        }

        /** The calls made between {@code earlier} and this snapshot (operations with none left out). */
        public Snapshot since(Snapshot earlier) {
            Map<String, Long> result = new TreeMap<>(byOperation);
            earlier.byOperation.forEach((name, count) -> result.merge(name, -count, Long::sum));
            result.values().removeIf(count -> count == 0);
            return new Snapshot(result);
        }
    }
}
