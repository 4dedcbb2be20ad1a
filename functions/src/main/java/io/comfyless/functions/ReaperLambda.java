package io.comfyless.functions;

import io.comfyless.contract.LambdaFunction;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.job.JobReaper;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * The {@code reaper} function. A sweep changes jobs, so it is primed with the sweep's reads alone,
 * asked about the start of time: nothing has lapsed by then.
 */
public final class ReaperLambda extends LambdaApplication<Map<String, Object>, JobReaper.Sweep> {

    @Override
    protected LambdaFunction function() {
        return LambdaFunction.REAPER;
    }

    @Override
    protected Deployed<Map<String, Object>, JobReaper.Sweep> build(RuntimeConfig config, AwsClients aws, Clock clock) {
        Adapters adapters = new Adapters(config, aws, clock);
        ReaperFunction reaper = new ReaperFunction(new JobReaper(adapters.jobStore(), adapters.jobQueue(), clock));
        return new Deployed<>(reaper, () -> {
            adapters.jobStore().expiredLeases(Instant.EPOCH, 1);
            adapters.jobStore().unconfirmedEnqueues(Instant.EPOCH, 1);
        });
    }
}
