package io.comfyless.runner;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.cost.InstancePrice;
import io.comfyless.core.events.BackgroundJobEvents;
import io.comfyless.core.events.LatestProgressOnly;
import io.comfyless.core.model.ModelChanges;
import io.comfyless.core.net.UrlGuard;
import io.comfyless.core.storage.S3BlobStore;
import io.comfyless.runner.comfyui.ComfyUiClient;
import io.comfyless.runner.gpu.GpuSampler;
import io.comfyless.runner.job.InputStager;
import io.comfyless.runner.job.RunnerContext;
import io.comfyless.runner.live.LiveReports;
import io.comfyless.runner.model.FleetModelCommands;
import io.comfyless.runner.model.ModelCacheConfig;
import io.comfyless.runner.model.ModelDownloader;
import io.comfyless.runner.model.ModelStager;
import io.comfyless.runner.price.InstancePricing;
import io.comfyless.runner.worker.CatalogPublisher;
import io.comfyless.runner.worker.HostProbe;
import io.comfyless.runner.worker.HostSetup;
import io.comfyless.runner.worker.ReadinessFile;
import io.comfyless.runner.worker.RunnerHealth;
import io.comfyless.runner.worker.WorkerReporter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The runner process: configuration from the environment (the same variables the CDK app sets),
 * setup (ComfyUI answering, warm models staged) reported stage by stage, then run until SIGTERM,
 * which drains within {@code COMFYLESS_DRAIN_GRACE_SECONDS}.
 */
public final class RunnerMain {

    private static final Logger log = LoggerFactory.getLogger(RunnerMain.class);
    /** How long ComfyUI may take to answer after the container starts (CUDA init, custom nodes). */
    static final String COMFYUI_START_SECONDS = "COMFYLESS_COMFYUI_START_SECONDS";

    private RunnerMain() {}

    public static void main(String[] args) throws InterruptedException {
        Function<String, String> env = System::getenv;
        Clock clock = Clock.systemUTC();
        RunnerConfig config = RunnerConfig.from(env);
        RuntimeConfig runtime = RuntimeConfig.from(env);
        AwsClients aws = new AwsClients(runtime);
        Adapters adapters = new Adapters(runtime, aws);
        ComfyUiClient comfyui = new ComfyUiClient(config.comfyuiUrl());
        ModelCacheConfig cache = ModelCacheConfig.from(env);
        ModelStager models = ModelStager.from(cache, adapters.modelStore(), clock);
        GpuSampler gpu = GpuSampler.start(Optional.ofNullable(env.apply(GpuSampler.COMMAND)), clock);
        WorkerReporter reporter = new WorkerReporter(
                config,
                adapters.workers(),
                comfyui,
                clock,
                parts(config, comfyui, cache, models, gpu, adapters, clock, ReadinessFile.from(env)));
        HostSetup.record(reporter.setup(), env);
        Runner runner = create(
                config, comfyui, models, reporter, adapters, clock, gpu, deployedPrice(config, runtime, aws, clock));
        // Model imports requested through POST /v1/models are fetched by runners, one at a time each.
        ModelDownloader downloads = new ModelDownloader(
                adapters.modelDownloads(),
                adapters.blobStore(),
                UrlGuard.strict(),
                config.workerId(),
                clock,
                ModelDownloader.Settings.defaults(),
                new ModelChanges(adapters.systemEvents()));
        String healthPort = env.apply(RunnerHealth.PORT_ENV);
        RunnerHealth health = healthPort == null || healthPort.isBlank()
                ? null
                : RunnerHealth.start(Integer.parseInt(healthPort.trim()), runner::notReadyBecause);
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("SIGTERM: draining");
                            stopping.set(true);
                            downloads.close();
                            runner.drain(config.drainGrace());
                            runner.close();
                            if (health != null) {
                                health.close();
                            }
                            stopped.countDown();
                        },
                        "drain"));
        RunnerStartup startup = new RunnerStartup(
                comfyui,
                reporter,
                models,
                RunnerStartup.warmModels(env),
                clock,
                Duration.ofSeconds(Long.parseLong(
                        Optional.ofNullable(env.apply(COMFYUI_START_SECONDS)).orElse("600"))));
        if (!startup.start(runner, stopping::get)) {
            if (!stopping.get()) {
                // Not a drain: ComfyUI never came up. Exit non-zero so the container is replaced.
                System.exit(1);
            }
            stopped.await();
            return;
        }
        if (!"false".equalsIgnoreCase(env.apply(ModelDownloader.ENABLED))) {
            downloads.start();
        }
        stopped.await();
    }

    /** The instance's hourly price, read once: an operator's figure, else the spot price of its zone. */
    private static InstancePrice deployedPrice(
            RunnerConfig config, RuntimeConfig runtime, AwsClients aws, Clock clock) {
        JsonNode facts = RunnerConfig.instanceFacts(System::getenv);
        try (Ec2Client ec2 = aws.build(Ec2Client.builder())) {
            return InstancePricing.read(
                            config.instanceType(),
                            config.capacity(),
                            Optional.ofNullable(facts.path("availability_zone").asText(null)),
                            runtime.region(),
                            configuredPrice(),
                            ec2,
                            clock)
                    .orElse(null);
        }
    }

    private static OptionalDouble configuredPrice() {
        String value = System.getenv(InstancePricing.HOURLY_PRICE);
        return value == null || value.isBlank() ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(value));
    }

    /**
     * Wires a runner from configuration; shared with the local stack, which starts runners in-process.
     * It stages no models: ComfyUI's own model folders are used as they are. Its jobs are priced at
     * the local stand-in price (marked {@code local}).
     */
    public static Runner create(RunnerConfig config, Adapters adapters, Clock clock) {
        return create(config, ModelCacheConfig.disabled(), adapters, clock);
    }

    /** As {@link #create(RunnerConfig, Adapters, Clock)}, filling ComfyUI's model folders from the model store. */
    public static Runner create(RunnerConfig config, ModelCacheConfig models, Adapters adapters, Clock clock) {
        return create(
                config,
                models,
                adapters,
                clock,
                GpuSampler.start(Optional.empty(), clock),
                InstancePricing.local(OptionalDouble.empty(), clock));
    }

    /**
     * @param gpu   reads the GPU (from {@code nvidia-smi} when there is one) for each job's metrics
     * @param price what an hour of the instance costs; null when unknown, and its jobs get no cost
     */
    public static Runner create(
            RunnerConfig config,
            ModelCacheConfig cache,
            Adapters adapters,
            Clock clock,
            GpuSampler gpu,
            InstancePrice price) {
        ComfyUiClient comfyui = new ComfyUiClient(config.comfyuiUrl());
        ModelStager models = ModelStager.from(cache, adapters.modelStore(), clock);
        WorkerReporter reporter = new WorkerReporter(
                config,
                adapters.workers(),
                comfyui,
                clock,
                parts(config, comfyui, cache, models, gpu, adapters, clock, ReadinessFile.none()));
        return create(config, comfyui, models, reporter, adapters, clock, gpu, price);
    }

    private static Runner create(
            RunnerConfig config,
            ComfyUiClient comfyui,
            ModelStager models,
            WorkerReporter reporter,
            Adapters adapters,
            Clock clock,
            GpuSampler gpu,
            InstancePrice price) {
        S3BlobStore blobs = adapters.blobStore();
        String bucket = adapters.config().bucket();
        // Job events go out on a thread of their own: a claimed job goes straight on to ComfyUI. Live
        // reports take the same way, so a heartbeat's older snapshot cannot overtake them unseen.
        BackgroundJobEvents events = new BackgroundJobEvents(new LatestProgressOnly(adapters.jobEvents()));
        RunnerContext context = RunnerContext.of(
                        config,
                        adapters.jobStore(events),
                        adapters.jobQueue(),
                        comfyui,
                        new InputStager(blobs, bucket, UrlGuard.strict()),
                        blobs,
                        clock)
                .withModels(models, new LiveReports(events, blobs, clock))
                .withMetering(gpu, price);
        return new Runner(context, reporter, events);
    }

    /** What a runner reports beyond the bare record: catalogue, readiness, host, capacity events, model cache. */
    private static WorkerReporter.Parts parts(
            RunnerConfig config,
            ComfyUiClient comfyui,
            ModelCacheConfig cache,
            ModelStager models,
            GpuSampler gpu,
            Adapters adapters,
            Clock clock,
            ReadinessFile readiness) {
        FleetModelCommands commands =
                models.enabled() ? new FleetModelCommands(models.cache(), adapters.fleetModels(), clock) : null;
        return new WorkerReporter.Parts(
                new CatalogPublisher(comfyui, adapters.nodeCatalogs(), config.workerId()),
                readiness,
                new HostProbe(cache.modelsDir().orElse(Path.of("/")), gpu),
                adapters.systemEvents(),
                commands);
    }
}
