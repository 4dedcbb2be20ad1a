package io.comfyless.functions;

import io.comfyless.contract.LambdaFunction;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import java.time.Clock;
import java.util.Map;

/**
 * The {@code schedule} function: a saved template submission, or a fleet start or stop, per firing. Primed with a firing for a template that does not exist: parsed,
 * looked up in the catalog table, and dropped as a schedule that can no longer run.
 */
public final class ScheduleLambda extends LambdaApplication<Map<String, Object>, Map<String, Object>> {

    @Override
    protected LambdaFunction function() {
        return LambdaFunction.SCHEDULE;
    }

    @Override
    protected Deployed<Map<String, Object>, Map<String, Object>> build(
            RuntimeConfig config, AwsClients aws, Clock clock) {
        ScheduleFunction schedule =
                new ScheduleFunction(Handlers.scheduleDispatcher(new Adapters(config, aws, clock), clock));
        return new Deployed<>(
                schedule,
                () -> schedule.apply(Map.of(
                        "tenant", "prime",
                        "schedule_id", "sch_prime",
                        "template_id", "tpl_prime_absent",
                        "scheduled_time", "1970-01-01T00:00:00Z")));
    }
}
