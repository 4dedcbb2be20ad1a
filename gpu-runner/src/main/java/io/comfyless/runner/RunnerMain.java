package io.comfyless.runner;

import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.net.UrlGuard;
import io.comfyless.core.storage.S3BlobStore;
import io.comfyless.runner.comfyui.ComfyUiClient;
import io.comfyless.runner.job.InputStager;
import io.comfyless.runner.job.RunnerContext;
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

    private RunnerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        RunnerConfig config = RunnerConfig.from(System::getenv);
        RuntimeConfig runtime = RuntimeConfig.from(System::getenv);
        AwsClients aws = new AwsClients(runtime);
        Runner runner = create(config, new Adapters(runtime, aws), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("SIGTERM: draining");
            runner.drain(config.drainGrace());
            runner.close();
            stopped.countDown();
        }, "drain"));
        runner.start();
        stopped.await();
    }

    /** Wires a runner from configuration; shared with the local stack, which starts runners in-process. */
    public static Runner create(RunnerConfig config, Adapters adapters, Clock clock) {
        ComfyUiClient comfyui = new ComfyUiClient(config.comfyuiUrl());
        S3BlobStore blobs = adapters.blobStore();
        String bucket = adapters.config().bucket();
        RunnerContext context = RunnerContext.of(config, adapters.jobStore(), adapters.jobQueue(), comfyui,
                new InputStager(blobs, bucket, UrlGuard.strict()), blobs, clock);
        return new Runner(context, new WorkerReporter(config, adapters.workers(), comfyui, clock));
    }
}
