package io.comfyless.functions.local;

import io.comfyless.contract.LambdaFunction;
import io.comfyless.contract.Live;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.live.ConnectionGateway;
import io.comfyless.functions.Handlers;
import java.net.URI;
import java.time.Clock;
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
 *
 * <p>On the same port, the live-update WebSocket ({@value Live#LOCAL_PATH}), served by the same
 * {@code LiveSockets} the WebSocket function runs, from the same environment.
 */
public final class LocalApi implements AutoCloseable {

    private static final String MAIN_CLASS = LambdaFunction.MAIN_CLASS_VAR;

    private final LocalGateway gateway;
    private final LocalLiveServer live;
    private final AwsClients aws;
    private final Map<String, String> previous;

    private LocalApi(LocalGateway gateway, LocalLiveServer live, AwsClients aws, Map<String, String> previous) {
        this.gateway = gateway;
        this.live = live;
        this.aws = aws;
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
        RuntimeConfig config = RuntimeConfig.from(environment::get);
        AwsClients aws = new AwsClients(config);
        LocalLiveServer live = new LocalLiveServer(Handlers.liveSockets(new Adapters(config, aws), Clock.systemUTC()));
        return new LocalApi(LocalGateway.start(invoker, live, port, console), live, aws, previous);
    }

    public URI url() {
        return gateway.url();
    }

    /** {@code ws://127.0.0.1:<port>/ws}. */
    public URI liveUrl() {
        return URI.create("ws://" + url().getAuthority() + Live.LOCAL_PATH);
    }

    /** The open live-update sockets, for the local fan-out to post to. */
    public ConnectionGateway liveConnections() {
        return live;
    }

    /** Where API Gateway's management API is served for these sockets (for its SDK client). */
    public URI liveManagementEndpoint() {
        return URI.create(url() + live.managementPath());
    }

    /** Live-update sockets open now. */
    public int liveConnected() {
        return live.connected();
    }

    @Override
    public void close() {
        live.close();
        gateway.close();
        aws.close();
        previous.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }
}
