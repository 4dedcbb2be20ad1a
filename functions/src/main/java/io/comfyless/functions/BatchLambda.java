package io.comfyless.functions;

import io.comfyless.contract.LambdaFunction;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import java.time.Clock;
import java.util.Map;

/**
 * The {@code batch} function. Primed with an S3 event for an object that is not a manifest (read
 * and ignored) and a read of a batch that does not exist.
 */
public final class BatchLambda extends LambdaApplication<Map<String, Object>, Map<String, Object>> {

    @Override
    protected LambdaFunction function() {
        return LambdaFunction.BATCH;
    }

    @Override
    protected Deployed<Map<String, Object>, Map<String, Object>> build(
            RuntimeConfig config, AwsClients aws, Clock clock) {
        Adapters adapters = new Adapters(config, aws, clock);
        BatchFunction batch = new BatchFunction(Handlers.batchIngest(adapters, clock));
        return new Deployed<>(batch, () -> {
            batch.apply(Map.of(
                    "detail", Map.of("bucket", Map.of("name", config.bucket()), "object", Map.of("key", "prime"))));
            adapters.batchStore().find("batch_prime");
        });
    }
}
