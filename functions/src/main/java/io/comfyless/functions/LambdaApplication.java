package io.comfyless.functions;

import io.comfyless.contract.LambdaFunction;
import io.comfyless.contract.Settings;
import io.comfyless.core.config.AwsCallPolicy;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import java.lang.reflect.Type;
import java.time.Clock;
import java.util.function.Function;
import org.crac.Core;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.cloud.function.context.catalog.FunctionTypeUtils;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * One Lambda function's Spring application, in Spring Cloud Function's functional form: its jar's
 * manifest names the subclass, {@code FunctionInvoker} sees an {@link ApplicationContextInitializer}
 * and starts it without component scanning or auto-configuration, and {@link #initialize} registers
 * exactly one function, built from plain Java. So each function builds only its own object graph.
 * The SnapStart hooks ({@link SnapshotHooks}) are registered here too, with what the subclass says
 * exercises its request path.
 */
public abstract class LambdaApplication<I, O> implements ApplicationContextInitializer<GenericApplicationContext> {

    /** A function and how to prime it (see {@link SnapshotHooks}). */
    public record Deployed<I, O>(Function<I, O> function, Runnable primer) {}

    /** Which function this is. */
    protected abstract LambdaFunction function();

    /** Builds the function from configuration. */
    protected abstract Deployed<I, O> build(RuntimeConfig config, AwsClients aws, Clock clock);

    @Override
    public void initialize(GenericApplicationContext context) {
        RuntimeConfig config = RuntimeConfig.from(context.getEnvironment()::getProperty);
        // The API gives up on a stalled dependency within seconds (someone is waiting on the answer);
        // the event-driven functions wait it out (see AwsCallPolicy).
        AwsClients aws = new AwsClients(
                config,
                AwsCallPolicy.forFunction(
                        function().definition(), context.getEnvironment().getProperty(Settings.API_AWS_DEADLINE_MS)));
        Deployed<I, O> deployed = build(config, aws, Clock.systemUTC());
        // CRaC holds its resources weakly: the context keeps the hooks alive as long as the function.
        SnapshotHooks hooks = new SnapshotHooks(function().definition(), deployed.primer());
        Core.getGlobalContext().register(hooks);
        context.registerBean(SnapshotHooks.class, () -> hooks);
        // Closed with the context; registered as a plain DisposableBean, since Spring would otherwise
        // reflect over AwsClients and load the classes of every SDK client it can build.
        context.registerBean("awsClients", DisposableBean.class, () -> aws::close);
        String name = function().definition();
        // The input and output types Spring converts events to and from: those the function class declares.
        Type type = FunctionTypeUtils.discoverFunctionTypeFromClass(
                deployed.function().getClass());
        context.registerBean(
                name,
                FunctionRegistration.class,
                () -> new FunctionRegistration<>(deployed.function(), name).type(type));
    }
}
