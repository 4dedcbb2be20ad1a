package io.comfyless.local.stack;

import io.comfyless.contract.Settings;
import io.comfyless.contract.Webhooks;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsCallCounter;
import io.comfyless.core.config.AwsCallPolicy;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.job.JobReaper;
import io.comfyless.functions.local.ConsoleFiles;
import io.comfyless.functions.local.LocalApi;
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
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole product on one machine: emulated AWS (moto, started once per process and stopped when it
 * exits, or {@code AWS_ENDPOINT_URL}) provisioned
 * from the same contract as the CDK app, the API function behind the local gateway (with the web
 * console at {@code /console/} when the build includes it), runners against
 * a ComfyUI (the protocol double unless a URL is given), the event pump that stands in for Lambda's
 * queue and bucket triggers, and the reaper. Everything stops on close.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    /** What to start. {@code comfyui} empty means the protocol double. */
    public record Options(int port, int runners, Optional<URI> comfyui, boolean authEnabled, String prefix) {

        public static Options defaults() {
            return new Options(8080, 1, Optional.empty(), false, Settings.DEFAULT_LOCAL_PREFIX);
        }
    }

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final AwsCallCounter runnerCalls = new AwsCallCounter();
    private final AwsCallCounter backgroundCalls = new AwsCallCounter();
    private URI apiUrl;
    private LocalApi api;
    private Optional<URI> consoleUrl = Optional.empty();
    private URI comfyuiUrl;
    private ComfyUiDouble comfyDouble;
    private URI awsEndpoint;
    private boolean usingDouble;
    private LocalResources resources;
    private Map<String, String> environment;
    private Adapters adapters;

    private LocalStack() {}

    public static LocalStack start(Options options) {
        LocalStack stack = new LocalStack();
        try {
            stack.startAll(options);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(Options options) {
        awsEndpoint = AwsEmulator.endpoint();
        resources = LocalResources.provision(awsEndpoint, options.prefix());
        Map<String, String> environment = new HashMap<>(resources.environment());
        environment.put(Settings.ENABLE_AUTH, Boolean.toString(options.authEnabled()));
        // Local webhook receivers are usually http://localhost; a deployed stack never sets this.
        environment.put(Webhooks.ALLOW_INSECURE_ENV_VAR, "true");
        RuntimeConfig config = RuntimeConfig.from(environment::get);
        AwsClients aws = new AwsClients(config, AwsCallPolicy.PATIENT, List.of(backgroundCalls));
        closeables.add(aws);
        adapters = new Adapters(config, aws);
        // Runners get clients of their own, as on a GPU instance, so that their calls can be told apart.
        AwsClients runnerAws = new AwsClients(config, AwsCallPolicy.PATIENT, List.of(runnerCalls));
        closeables.add(runnerAws);
        Adapters runnerAdapters = new Adapters(config, runnerAws);

        usingDouble = options.comfyui().isEmpty();
        if (usingDouble) {
            comfyDouble = ComfyUiDouble.start();
            closeables.add(comfyDouble);
            comfyuiUrl = URI.create(comfyDouble.url());
        } else {
            comfyuiUrl = options.comfyui().get();
        }

        Optional<ConsoleFiles> console = ConsoleFiles.fromClasspath();
        LocalApi api = LocalApi.start(environment, options.port(), console);
        closeables.add(api);
        this.api = api;
        apiUrl = api.url();
        consoleUrl = console.map(files -> apiUrl.resolve(ConsoleFiles.PREFIX + "/"));
        this.environment = new HashMap<>(environment);
        this.environment.put(LocalEnvFile.API_URL, apiUrl.toString());

        for (int i = 1; i <= options.runners(); i++) {
            Runner runner = RunnerMain.create(runnerConfig("local-runner-" + i), runnerAdapters, Clock.systemUTC());
            runner.start();
            closeables.add(() -> {
                runner.drain(Duration.ofSeconds(5));
                runner.close();
            });
        }

        // Lambda triggers, the local way: the batch-events, webhooks and live-events queues drained into
        // the same handlers the Lambdas use (live updates to the gateway's own sockets), and saved-workflow
        // schedules fired on their cron.
        closeables.add(LocalEventPump.start(adapters, Clock.systemUTC(), api.liveConnections()));

        JobReaper reaper = new JobReaper(adapters.jobStore(), adapters.jobQueue(), Clock.systemUTC());
        ScheduledExecutorService sweeps = Executors.newSingleThreadScheduledExecutor();
        sweeps.scheduleWithFixedDelay(
                () -> {
                    try {
                        reaper.sweep();
                    } catch (RuntimeException e) {
                        log.warn("Reaper sweep failed: {}", e.toString());
                    }
                },
                15,
                15,
                TimeUnit.SECONDS);
        closeables.add(sweeps::shutdownNow);
    }

    private RunnerConfig runnerConfig(String workerId) {
        return RunnerConfig.builder(workerId, comfyuiUrl)
                .idleWait(Duration.ofSeconds(1))
                .drainGrace(Duration.ofSeconds(10))
                .instanceType("local")
                .capacity("on-demand")
                .build();
    }

    public URI apiUrl() {
        return apiUrl;
    }

    /** {@code ws://127.0.0.1:<port>/ws}: live updates, on the API's own port. */
    public URI liveUrl() {
        return api.liveUrl();
    }

    /** The local gateway, for what tests and benchmarks check of it (open sockets, its management API). */
    public LocalApi api() {
        return api;
    }

    /** The web console on the API's origin; empty when this build has no console in it. */
    public Optional<URI> consoleUrl() {
        return consoleUrl;
    }

    /** The protocol double, when the stack runs one: tests arm its faults (a slow node, a failing one). */
    public Optional<ComfyUiDouble> comfyUiDouble() {
        return Optional.ofNullable(comfyDouble);
    }

    public URI comfyuiUrl() {
        return comfyuiUrl;
    }

    public URI awsEndpoint() {
        return awsEndpoint;
    }

    public boolean usingDouble() {
        return usingDouble;
    }

    public LocalResources resources() {
        return resources;
    }

    /** What deployed code would see: resource names, emulator endpoint, flags, and the API URL. */
    public Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    public Adapters adapters() {
        return adapters;
    }

    /** The AWS calls of the runners. */
    public AwsCallCounter runnerCalls() {
        return runnerCalls;
    }

    /**
     * The AWS calls made through {@link #adapters()}: the event pump, the reaper, and whoever else uses
     * them. The API function's calls are neither these nor the runners': it builds clients of its own.
     */
    public AwsCallCounter backgroundCalls() {
        return backgroundCalls;
    }

    /** Stops everything, newest first: runners drain before the API, ComfyUI and the emulator go. */
    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                log.warn("Error while stopping the local stack: {}", e.toString());
            }
        }
        closeables.clear();
    }
}
