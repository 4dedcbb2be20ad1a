package io.comfyless.runner;

import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.net.UrlGuard;
import io.comfyless.core.storage.S3BlobStore;
import io.comfyless.runner.comfyui.ComfyUiClient;
import io.comfyless.runner.job.InputStager;
import io.comfyless.runner.job.RunnerContext;
import io.comfyless.runner.live.LiveReports;
import io.comfyless.runner.model.ModelCacheConfig;
import io.comfyless.runner.model.ModelDownloader;
import io.comfyless.runner.model.ModelStager;
import io.comfyless.runner.worker.WorkerReporter;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
        Runner runner = create(config, ModelCacheConfig.from(System::getenv), adapters, Clock.systemUTC());
        // Model imports requested through POST /v1/models are fetched by runners, one at a time each.
        ModelDownloader downloads = new ModelDownloader(
                adapters.modelDownloads(),
                adapters.blobStore(),
                UrlGuard.strict(),
                config.workerId(),
                Clock.systemUTC(),
                ModelDownloader.Settings.defaults());
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
                ModelStager.from(models, adapters.modelStore(), clock),
                new LiveReports(adapters.jobEvents(), blobs, clock));
        return new Runner(context, new WorkerReporter(config, adapters.workers(), comfyui, clock));
    }
}
