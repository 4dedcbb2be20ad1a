package io.comfyless.functions.events;

import io.comfyless.contract.Webhooks;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.functions.local.LocalEventPump;
import io.comfyless.runner.Runner;
import io.comfyless.runner.RunnerConfig;
import io.comfyless.runner.RunnerMain;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.aws.LocalResources;
import io.comfyless.testkit.comfyui.ComfyUiDouble;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The event-driven half of the stack, real over the wire: emulated AWS provisioned as the local
 * stack does (bucket events routed through EventBridge to the batch-events queue), runners in this
 * JVM each with its own ComfyUI double, and the local event pump feeding the batch and webhook
 * handlers. Webhooks may go to loopback receivers and retry after 1 s, 2 s, 4 s...
 */
final class EventStack implements AutoCloseable {

    final LocalResources resources;
    final RuntimeConfig config;
    final AwsClients aws;
    final Adapters adapters;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    EventStack(int runners) {
        resources = AwsEmulator.freshResources();
        Map<String, String> env = new HashMap<>(resources.environment());
        env.put(Webhooks.ALLOW_INSECURE_ENV_VAR, "true");
        env.put(Webhooks.RETRY_BASE_SECONDS_ENV_VAR, "1");
        config = RuntimeConfig.from(env::get);
        aws = new AwsClients(config);
        adapters = new Adapters(config, aws);
        for (int i = 1; i <= runners; i++) {
            ComfyUiDouble comfyui = ComfyUiDouble.start();
            closeables.add(comfyui);
            Runner runner = RunnerMain.create(
                    RunnerConfig.builder("runner-" + i, URI.create(comfyui.url()))
                            .lease(Duration.ofSeconds(10))
                            .visibility(Duration.ofSeconds(30))
                            .idleWait(Duration.ofSeconds(1))
                            .drainGrace(Duration.ofSeconds(2))
                            .comfyuiDownLimit(Duration.ofSeconds(10))
                            .instanceType("test")
                            .capacity("on-demand")
                            .build(),
                    adapters,
                    Clock.systemUTC());
            runner.start();
            closeables.add(runner::close);
        }
        closeables.add(LocalEventPump.start(adapters, Clock.systemUTC()));
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // Best effort: the next resource still closes.
            }
        }
        aws.close();
    }
}
