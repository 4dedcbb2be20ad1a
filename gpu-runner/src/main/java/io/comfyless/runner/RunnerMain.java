package io.comfyless.runner;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.cost.InstancePrice;
import io.comfyless.core.model.ModelChanges;
import io.comfyless.core.net.UrlGuard;
import io.comfyless.core.storage.S3BlobStore;
import io.comfyless.runner.comfyui.ComfyUiClient;
import io.comfyless.runner.gpu.GpuSampler;
import io.comfyless.runner.job.InputStager;
import io.comfyless.runner.job.RunnerContext;
import io.comfyless.runner.model.FleetModelCommands;
import io.comfyless.runner.model.ModelCacheConfig;
import io.comfyless.runner.model.ModelDownloader;
import io.comfyless.runner.model.ModelStager;
import io.comfyless.runner.price.InstancePricing;
import io.comfyless.runner.worker.HostProbe;
import io.comfyless.runner.worker.WorkerReporter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The runner process: configuration from the environment (the same variables the CDK app sets),
 * then run until SIGTERM, which drains within {@code COMFYLESS_DRAIN_GRACE_SECONDS}.
 */
public final class RunnerMain {

    private static final Logger log = LoggerFactory.getLogger(RunnerMain.class);

    private RunnerMain() {}

    public static void main(String[] args) throws InterruptedException {
        RunnerConfig config = RunnerConfig.from(System::getenv);
        RuntimeConfig runtime = RuntimeConfig.from(System::getenv);
        AwsClients aws = new AwsClients(runtime);
        Adapters adapters = new Adapters(runtime, aws);
        Clock clock = Clock.systemUTC();
        Runner runner = create(
                config,
                ModelCacheConfig.from(System::getenv),
                adapters,
                clock,
                GpuSampler.start(Optional.ofNullable(System.getenv(GpuSampler.COMMAND)), clock),
                deployedPrice(config, runtime, aws, clock));
        // Model imports requested through POST /v1/models are fetched by runners, one at a time each.
        ModelDownloader downloads = new ModelDownloader(
                adapters.modelDownloads(),
                adapters.blobStore(),
                UrlGuard.strict(),
                config.workerId(),
                Clock.systemUTC(),
                ModelDownloader.Settings.defaults(),
                new ModelChanges(adapters.systemEvents()));
        if (!"false".equalsIgnoreCase(System.getenv(ModelDownloader.ENABLED))) {
            downloads.start();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("SIGTERM: draining");
                            downloads.close();
                            runner.drain(config.drainGrace());
                            runner.close();
                            stopped.countDown();
                        },
                        "drain"));
        runner.start();
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
            ModelCacheConfig models,
            Adapters adapters,
            Clock clock,
            GpuSampler gpu,
            InstancePrice price) {
        ComfyUiClient comfyui = new ComfyUiClient(config.comfyuiUrl());
        S3BlobStore blobs = adapters.blobStore();
        String bucket = adapters.config().bucket();
        RunnerContext context = RunnerContext.of(
                        config,
                        adapters.jobStore(),
                        adapters.jobQueue(),
                        comfyui,
                        new InputStager(blobs, bucket, UrlGuard.strict()),
                        blobs,
                        clock,
                        ModelStager.from(models, adapters.modelStore(), clock))
                .withMetering(gpu, price);
        HostProbe host = new HostProbe(models.modelsDir().orElse(Path.of("/")), gpu);
        FleetModelCommands commands = context.models().enabled()
                ? new FleetModelCommands(context.models().cache(), adapters.fleetModels(), clock)
                : null;
        return new Runner(
                context,
                new WorkerReporter(
                        config, adapters.workers(), comfyui, clock, host, adapters.systemEvents(), commands));
    }
}
