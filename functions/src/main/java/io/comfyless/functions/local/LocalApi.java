package io.comfyless.functions.local;

import io.comfyless.contract.LambdaFunction;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * The API function behind the local gateway, started exactly as Lambda starts it: through Spring
 * Cloud Function's {@link FunctionInvoker}. Configuration travels as system properties, which the
 * function's Spring environment reads like the environment variables set in AWS; one local API per
 * JVM at a time. Closing it puts the properties back as they were, so the next local API in the
 * same JVM (another test class, with or without {@code ENABLE_AUTH}) starts from a clean slate.
 */
public final class LocalApi implements AutoCloseable {

    private static final String MAIN_CLASS = LambdaFunction.MAIN_CLASS_VAR;

    private final LocalGateway gateway;
    private final Map<String, String> previous;

    private LocalApi(LocalGateway gateway, Map<String, String> previous) {
        this.gateway = gateway;
        this.previous = previous;
    }

    public static LocalApi start(Map<String, String> environment, int port) {
        return start(environment, port, Optional.empty());
    }

    /** As {@link #start(Map, int)}, with the web console served under {@code /console/} when given. */
    public static LocalApi start(Map<String, String> environment, int port, Optional<ConsoleFiles> console) {
        Map<String, String> previous = new HashMap<>();
        previous.put(MAIN_CLASS, System.getProperty(MAIN_CLASS));
        environment.keySet().forEach(name -> previous.put(name, System.getProperty(name)));
        System.setProperty(MAIN_CLASS, LambdaFunction.API.application());
        environment.forEach(System::setProperty);
        FunctionInvoker invoker = new FunctionInvoker(LambdaFunction.API.definition());
        return new LocalApi(LocalGateway.start(invoker, port, console), previous);
    }

    public URI url() {
        return gateway.url();
    }

    @Override
    public void close() {
        gateway.close();
        previous.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }
}
