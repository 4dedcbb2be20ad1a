package io.comfyless.functions;

import io.comfyless.contract.LambdaFunction;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;

/**
 * The {@code websocket} function: every route of the live-update WebSocket API. Primed with a read
 * of a connection that does not exist (what each message reads first).
 */
public final class WebSocketLambda extends LambdaApplication<InputStream, Map<String, Object>> {

    @Override
    protected LambdaFunction function() {
        return LambdaFunction.WEBSOCKET;
    }

    @Override
    protected Deployed<InputStream, Map<String, Object>> build(RuntimeConfig config, AwsClients aws, Clock clock) {
        Adapters adapters = new Adapters(config, aws, clock);
        WebSocketFunction websocket = new WebSocketFunction(Handlers.liveSockets(adapters, clock));
        return new Deployed<>(websocket, () -> adapters.connections().find("prime-absent"));
    }
}
