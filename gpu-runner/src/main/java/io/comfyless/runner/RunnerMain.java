package io.comfyless.runner;

import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.events.BackgroundJobEvents;
import io.comfyless.core.net.UrlGuard;
import io.comfyless.core.storage.S3BlobStore;
import io.comfyless.runner.comfyui.ComfyUiClient;
import io.comfyless.runner.job.InputStager;
import io.comfyless.runner.job.RunnerContext;
import io.comfyless.runner.model.ModelCacheConfig;
import io.comfyless.runner.model.ModelDownloader;
import io.comfyless.runner.model.ModelStager;
import io.comfyless.runner.worker.CatalogPublisher;
import io.comfyless.runner.worker.HostSetup;
import io.comfyless.runner.worker.ReadinessFile;
import io.comfyless.runner.worker.RunnerHealth;
import io.comfyless.runner.worker.WorkerReporter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
        WorkerReporter reporter = new WorkerReporter(
                config,
                adapters.workers(),
                comfyui,
                clock,
                catalog(config, comfyui, adapters),
                ReadinessFile.from(env));
        HostSetup.record(reporter.setup(), env);
        ModelStager models = ModelStager.from(ModelCacheConfig.from(env), adapters.modelStore(), clock);
        Runner runner = create(config, comfyui, models, reporter, adapters, clock);
        // Model imports requested through POST /v1/models are fetched by runners, one at a time each.
        ModelDownloader downloads = new ModelDownloader(
                adapters.modelDownloads(),
                adapters.blobStore(),
                UrlGuard.strict(),
                config.workerId(),
                clock,
                ModelDownloader.Settings.defaults());
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

    /**
     * Wires a runner from configuration; shared with the local stack, which starts runners in-process.
     * It stages no models: ComfyUI's own model folders are used as they are.
     */
    public static Runner create(RunnerConfig config, Adapters adapters, Clock clock) {
        return create(config, ModelCacheConfig.disabled(), adapters, clock);
    }

    /** As {@link #create(RunnerConfig, Adapters, Clock)}, filling ComfyUI's model folders from the model store. */
    public static Runner create(RunnerConfig config, ModelCacheConfig models, Adapters adapters, Clock clock) {
        ComfyUiClient comfyui = new ComfyUiClient(config.comfyuiUrl());
        return create(
                config,
                comfyui,
                ModelStager.from(models, adapters.modelStore(), clock),
                new WorkerReporter(
                        config,
                        adapters.workers(),
                        comfyui,
                        clock,
                        catalog(config, comfyui, adapters),
                        ReadinessFile.none()),
                adapters,
                clock);
    }

    private static Runner create(
            RunnerConfig config,
            ComfyUiClient comfyui,
            ModelStager models,
            WorkerReporter reporter,
            Adapters adapters,
            Clock clock) {
        S3BlobStore blobs = adapters.blobStore();
        String bucket = adapters.config().bucket();
        // Job events go out on a thread of their own: a claimed job goes straight on to ComfyUI.
        BackgroundJobEvents events = new BackgroundJobEvents(adapters.jobEvents());
        RunnerContext context = RunnerContext.of(
                config,
                adapters.jobStore(events),
                adapters.jobQueue(),
                comfyui,
                new InputStager(blobs, bucket, UrlGuard.strict()),
                blobs,
                clock,
                models);
        return new Runner(context, reporter, events);
    }

    private static CatalogPublisher catalog(RunnerConfig config, ComfyUiClient comfyui, Adapters adapters) {
        return new CatalogPublisher(comfyui, adapters.nodeCatalogs(), config.workerId());
    }
}
