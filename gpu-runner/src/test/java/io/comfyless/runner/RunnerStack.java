package io.comfyless.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.contract.Bucket;
import io.comfyless.contract.Table;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.job.DynamoJobStore;
import io.comfyless.core.job.ExecutionConfig;
import io.comfyless.core.job.IdGenerator;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobRequest;
import io.comfyless.core.job.JobService;
import io.comfyless.core.job.Lane;
import io.comfyless.core.job.Priority;
import io.comfyless.core.json.Json;
import io.comfyless.core.net.UrlGuard;
import io.comfyless.core.queue.SqsJobQueue;
import io.comfyless.core.storage.S3BlobStore;
import io.comfyless.core.worker.DynamoWorkerRegistry;
import io.comfyless.core.worker.WorkerRegistry;
import io.comfyless.core.workflow.Workflow;
import io.comfyless.runner.comfyui.ComfyUiClient;
import io.comfyless.runner.job.InputStager;
import io.comfyless.runner.job.JobIntake;
import io.comfyless.runner.job.RunnerContext;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.aws.LocalResources;
import io.comfyless.testkit.comfyui.ComfyUiDouble;
import io.comfyless.testkit.comfyui.ComfyUiInstance;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a runner test needs, real over the wire: emulated AWS resources, a ComfyUI (the protocol
 * double of its own, or a server the caller shares between tests), the job service to submit through,
 * and runners in this JVM or as child processes.
 */
public final class RunnerStack implements AutoCloseable {

    final LocalResources resources;
    final RuntimeConfig runtime;
    final AwsClients aws;
    /** The double, when this stack started its own; null over a caller's server. */
    final ComfyUiDouble comfyui;
    /** The ComfyUI the runners drive. */
    final ComfyUiInstance comfy;

    final DynamoJobStore store;
    public final SqsJobQueue queue;
    final S3BlobStore blobs;
    final JobService jobs;
    private final List<Runner> runners = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    /** Over a protocol double of its own, closed with the stack. */
    public RunnerStack() {
        this(ComfyUiDouble.start(), true);
    }

    /** Over {@code comfy}, which the caller owns and closes. */
    RunnerStack(ComfyUiInstance comfy) {
        this(comfy, false);
    }

    private RunnerStack(ComfyUiInstance comfy, boolean owned) {
        this.comfy = comfy;
        this.comfyui = owned ? (ComfyUiDouble) comfy : null;
        resources = AwsEmulator.freshResources();
        runtime = RuntimeConfig.from(resources.environment()::get);
        aws = new AwsClients(runtime);
        store = new DynamoJobStore(aws.dynamo(), runtime.table(Table.JOBS));
        Map<Lane, String> lanes = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            lanes.put(lane, runtime.queueUrl(lane.queue()));
        }
        queue = new SqsJobQueue(aws.sqs(), lanes);
        blobs = new S3BlobStore(aws.s3(), aws.presigner(), resources.get(Bucket.ENV_VAR));
        jobs = new JobService(store, queue, Clock.systemUTC(), new IdGenerator());
    }

    /** Short leases and waits, so recovery paths finish in seconds. */
    RunnerConfig config(String workerId) {
        return config(workerId, Duration.ofSeconds(1));
    }

    public RunnerConfig config(String workerId, Duration idleWait) {
        return RunnerConfig.builder(workerId, comfy.base())
                .lease(Duration.ofSeconds(3))
                .heartbeat(Duration.ofMillis(200))
                .visibility(Duration.ofSeconds(6))
                .idleWait(idleWait)
                .drainGrace(Duration.ofSeconds(4))
                .comfyuiDownLimit(Duration.ofSeconds(5))
                .instanceType("test.instance")
                .capacity("spot")
                .build();
    }

    Runner startRunner(String workerId) {
        Runner runner = RunnerMain.create(config(workerId), new Adapters(runtime, aws), Clock.systemUTC());
        runner.start();
        runners.add(runner);
        return runner;
    }

    /** A runner in a child JVM, so tests can kill it for real. */
    Process startRunnerProcess(String workerId, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(resources.environment());
        env.put(RunnerConfig.COMFYUI_URL, comfy.base().toString());
        env.put(RunnerConfig.WORKER_ID, workerId);
        env.put("COMFYLESS_LEASE_SECONDS", "3");
        env.put("COMFYLESS_HEARTBEAT_MS", "200");
        env.put("COMFYLESS_VISIBILITY_SECONDS", "6");
        env.put("COMFYLESS_IDLE_WAIT_SECONDS", "1");
        env.put("COMFYLESS_DRAIN_GRACE_SECONDS", "4");
        env.putAll(extraEnv);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), RunnerMain.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(new File("target/runner-" + workerId + ".log"));
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            processes.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Job submit(String workflowJson) {
        return submit(workflowJson, ExecutionConfig.defaults(), Priority.NORMAL);
    }

    public Job submit(String workflowJson, ExecutionConfig execution, Priority priority) {
        Workflow workflow = Workflow.of((ObjectNode) Json.read(workflowJson));
        JobRequest request = JobRequest.builder(workflow)
                .priority(priority)
                .execution(execution)
                .build();
        return jobs.submit("tenant-a", request, Optional.empty()).job();
    }

    WorkerRegistry workers() {
        return new DynamoWorkerRegistry(aws.dynamo(), runtime.table(Table.WORKERS), Clock.systemUTC());
    }

    /** Whatever takes jobs off the queue for a runner with this configuration, on its own. */
    public JobIntake intake(RunnerConfig config) {
        return new JobIntake(RunnerContext.of(
                config,
                store,
                queue,
                new ComfyUiClient(comfy.base()),
                new InputStager(blobs, blobs.bucket(), UrlGuard.strict()),
                blobs,
                Clock.systemUTC()));
    }

    Job job(String id) {
        return store.find(id).orElseThrow();
    }

    @Override
    public void close() {
        runners.forEach(Runner::close);
        processes.forEach(process -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        });
        if (comfyui != null) {
            comfyui.close();
        }
        aws.close();
    }

    /** EmptyImage (64x32, pure red) into ImageInvert into SaveImage: the output is cyan. */
    public static String invertWorkflow(String prefix) {
        return """
                {"1": {"class_type": "EmptyImage", "inputs": {"width": 64, "height": 32, "batch_size": 1, "color": 16711680}},
                 "2": {"class_type": "ImageInvert", "inputs": {"image": ["1", 0]}},
                 "3": {"class_type": "SaveImage", "inputs": {"images": ["2", 0], "filename_prefix": "%s"}}}
                """.formatted(prefix);
    }
}
