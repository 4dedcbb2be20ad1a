package io.comfyless.bench.overhead;

import io.comfyless.core.config.AwsCallCounter;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS call made in the benchmark's JVM, through whichever client, and times them: the
 * SDK attaches it to each client it builds, because the bench module lists it in the SDK's global
 * interceptor file ({@code software/amazon/awssdk/global/handlers/execution.interceptors}). This is
 * how the calls of the API function, which the local gateway starts inside this JVM with clients of
 * its own, are counted. Long polls ({@code ReceiveMessage}) are counted but not timed: they last as
 * long as they wait.
 */
public final class AllAwsCalls implements ExecutionInterceptor {

    private static final AwsCallCounter COUNTER = new AwsCallCounter();
    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("comfyless.bench.started");
    private static final LongAdder TIMED = new LongAdder();
    private static final LongAdder NANOS = new LongAdder();

    /** Timed calls so far and their total time. */
    record Timing(long calls, long nanos) {

        Timing since(Timing earlier) {
            return new Timing(calls - earlier.calls, nanos - earlier.nanos);
        }

        Duration mean() {
            return calls == 0 ? Duration.ZERO : Duration.ofNanos(nanos / calls);
        }
    }

    static AwsCallCounter counter() {
        return COUNTER;
    }

    static Timing timing() {
        return new Timing(TIMED.sum(), NANOS.sum());
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        COUNTER.afterExecution(context, attributes);
        time(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        COUNTER.onExecutionFailure(context, attributes);
        time(attributes);
    }

    private static void time(ExecutionAttributes attributes) {
        Long started = attributes.getAttribute(STARTED);
        if (started != null
                && !"ReceiveMessage".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            TIMED.increment();
            NANOS.add(System.nanoTime() - started);
        }
    }
}
