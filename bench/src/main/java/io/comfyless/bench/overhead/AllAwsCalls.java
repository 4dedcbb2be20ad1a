package io.comfyless.bench.overhead;

import io.comfyless.core.config.AwsCallCounter;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Counts every AWS call made in the benchmark's JVM, through whichever client: the SDK attaches it to
 * each client it builds, because the bench module lists it in the SDK's global interceptor file
 * ({@code software/amazon/awssdk/global/handlers/execution.interceptors}). This is how the calls of the
 * API function, which the local gateway starts inside this JVM with clients of its own, are counted.
 */
public final class AllAwsCalls implements ExecutionInterceptor {

    private static final AwsCallCounter COUNTER = new AwsCallCounter();

    static AwsCallCounter counter() {
        return COUNTER;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        COUNTER.afterExecution(context, attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        COUNTER.onExecutionFailure(context, attributes);
    }
}
