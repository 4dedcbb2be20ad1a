package io.comfyless.bench.lambda;

import io.comfyless.core.config.AwsCallCounter;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Attaches one {@link AwsCallCounter} to every SDK client of a benchmarked process, whoever built
 * the client: {@link LambdaBenchmark} names this class in the SDK's global interceptor list
 * ({@code software/amazon/awssdk/global/handlers/execution.interceptors}) on the child's class path,
 * and the SDK makes one instance of it per client.
 */
public final class ProcessCalls implements ExecutionInterceptor {

    static final AwsCallCounter ALL = new AwsCallCounter();

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        ALL.afterExecution(context, attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        ALL.onExecutionFailure(context, attributes);
    }
}
