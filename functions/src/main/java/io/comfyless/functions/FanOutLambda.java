package io.comfyless.functions;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.comfyless.contract.LambdaFunction;
import io.comfyless.contract.Live;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.live.ConnectionGateway;
import io.comfyless.core.live.LiveFanOut;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The {@code fanout} function: SQS event source on the live-events queue, posting each event to the
 * connections subscribed to it. The fan-out is built on first use: it needs the WebSocket API's
 * management endpoint, which only this function is told. Primed with an empty batch and a read
 * of a connection that does not exist.
 */
public final class FanOutLambda extends LambdaApplication<SQSEvent, SQSBatchResponse> {

    /** Posts to connections side by side: each is a round trip to API Gateway's management API. */
    private static final int POST_THREADS = 16;

    @Override
    protected LambdaFunction function() {
        return LambdaFunction.FANOUT;
    }

    @Override
    protected Deployed<SQSEvent, SQSBatchResponse> build(RuntimeConfig config, AwsClients aws, Clock clock) {
        Adapters adapters = new Adapters(config, aws, clock);
        Supplier<LiveFanOut> fanOut = new Supplier<>() {
            private LiveFanOut built;

            @Override
            public synchronized LiveFanOut get() {
                if (built == null) {
                    ConnectionGateway gateway = adapters.connectionGateway()
                            .orElseThrow(() -> new IllegalStateException(
                                    "Missing configuration: " + Live.ENDPOINT_ENV_VAR + " (set by the CDK app)"));
                    built = Handlers.liveFanOut(adapters, clock, gateway, Executors.newFixedThreadPool(POST_THREADS));
                }
                return built;
            }
        };
        FanOutFunction function = new FanOutFunction(fanOut);
        return new Deployed<>(function, () -> {
            SQSEvent empty = new SQSEvent();
            empty.setRecords(List.of());
            function.apply(empty);
            adapters.connections().find("prime-absent");
        });
    }
}
