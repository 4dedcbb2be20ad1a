package io.comfyless.functions.local;

import io.comfyless.functions.ComfyLessFunctions;
import java.net.URI;
import java.util.Map;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * The API function behind the local gateway, started exactly as Lambda starts it: through Spring
 * Cloud Function's {@link FunctionInvoker}. Configuration travels as system properties, which the
 * function's Spring environment reads like the environment variables set in AWS; one local API per
 * JVM at a time.
 */
public final class LocalApi implements AutoCloseable {

    private final LocalGateway gateway;

    private LocalApi(LocalGateway gateway) {
        this.gateway = gateway;
    }

    public static LocalApi start(Map<String, String> environment, int port) {
        System.setProperty("MAIN_CLASS", ComfyLessFunctions.class.getName());
        environment.forEach(System::setProperty);
        FunctionInvoker invoker = new FunctionInvoker("api");
        return new LocalApi(LocalGateway.start(invoker, port));
    }

    public URI url() {
        return gateway.url();
    }

    @Override
    public void close() {
        gateway.close();
    }
}
