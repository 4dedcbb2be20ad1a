package io.comfyless.infra.fleet;

import io.comfyless.contract.Fleet;
import io.comfyless.contract.Settings;
import io.comfyless.infra.Nag;
import io.comfyless.infra.StackSettings;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.CapacityProviderStrategy;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.DockerVolumeConfiguration;
import software.amazon.awscdk.services.ecs.Ec2Service;
import software.amazon.awscdk.services.ecs.Ec2TaskDefinition;
import software.amazon.awscdk.services.ecs.HealthCheck;
import software.amazon.awscdk.services.ecs.Host;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.MountPoint;
import software.amazon.awscdk.services.ecs.NetworkMode;
import software.amazon.awscdk.services.ecs.PropagatedTagSource;
import software.amazon.awscdk.services.ecs.Scope;
import software.amazon.awscdk.services.ecs.Volume;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The GPU runner as an ECS service: one task per GPU (each task asks for one GPU, each instance type
 * has one), ComfyUI inside the same container on 127.0.0.1:8188. The service starts at zero tasks;
 * {@link RunnerScaling} sets the count from queue backlog and the capacity provider brings the
 * instances.
 */
public final class RunnerService extends Construct {

    public static final String COMFYUI_URL = "http://127.0.0.1:8188";
    /** Tells the runner where the host wrote its instance facts (see {@link GpuCapacity}). */
    public static final String INSTANCE_FACTS_VAR = Settings.INSTANCE_FACTS_FILE;
    /**
     * ComfyUI's model folders, where the runner stages models from the model store (read by the
     * runner's {@code ModelCacheConfig}). The image links ComfyUI's own models folder here; the
     * folder is the host's model cache ({@link GpuCapacity#MODELS_HOST_DIRECTORY}), so it outlives tasks.
     */
    public static final String MODELS_DIR_VAR = Settings.COMFYUI_MODELS_DIR;

    /** Everything the container writes: a volume of the task's own, since the root filesystem is read-only. */
    public static final String DATA_DIR = "/data";

    public static final String MODELS_DIR = DATA_DIR + "/models";
    /** The image's health check script (gpu-runner/docker/healthcheck.sh); ECS runs it, not Docker's HEALTHCHECK. */
    public static final String HEALTH_CHECK = "/opt/comfyless/healthcheck.sh";
    /** ComfyUI loads (CUDA, custom nodes) and warm models copy within ECS's longest start period. */
    static final Duration HEALTH_START_PERIOD = Duration.seconds(300);
    /** The most bytes of models the runner keeps in {@link #MODELS_DIR} (read by {@code ModelCacheConfig}). */
    public static final String MODEL_CACHE_BYTES_VAR = Settings.MODEL_CACHE_BYTES;

    private static final long GIB = 1024L * 1024 * 1024;
    /**
     * Soft reservation that fits the smallest supported instance (g4dn.xlarge: 16 GiB, of which ECS
     * registers about 15.3 GiB) while letting the container use more where the instance has it.
     */
    static final int MEMORY_RESERVATION_MIB = 12 * 1024;
    /** Spot's interruption notice is two minutes: SIGTERM, then this long to finish or release the job. */
    static final Duration STOP_TIMEOUT = Duration.seconds(120);

    private final Ec2TaskDefinition taskDefinition;
    private final Ec2Service service;
    private final Role taskRole;
    private ContainerImage image;
    private String imageUri;

    public RunnerService(
            Construct scope,
            String id,
            GpuCapacity capacity,
            StackSettings settings,
            Map<String, String> environment,
            RemovalPolicy removalPolicy) {
        super(scope, id);
        taskRole = Role.Builder.create(this, "TaskRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description(
                        "GPU runner task: job and worker records, job queues, bucket prefixes, job events, model downloads")
                .build();
        taskDefinition = Ec2TaskDefinition.Builder.create(this, "Task")
                // Bridge: the container reaches the internet through the host but not the host's metadata
                // service (IMDSv2 with a hop limit of 1), hence not the instance role either.
                .networkMode(NetworkMode.BRIDGE)
                .taskRole(taskRole)
                .volumes(List.of(
                        Volume.builder()
                                .name("instance-facts")
                                .host(Host.builder()
                                        .sourcePath(GpuCapacity.INSTANCE_FACTS_DIRECTORY)
                                        .build())
                                .build(),
                        Volume.builder()
                                .name("models")
                                .host(Host.builder()
                                        .sourcePath(GpuCapacity.MODELS_HOST_DIRECTORY)
                                        .build())
                                .build(),
                        // Inputs, outputs, ComfyUI's user folder and temp files: per task, gone with it.
                        Volume.builder()
                                .name("data")
                                .dockerVolumeConfiguration(DockerVolumeConfiguration.builder()
                                        .scope(Scope.TASK)
                                        .driver("local")
                                        .build())
                                .build()))
                .build();

        Map<String, String> variables = new TreeMap<>(environment);
        variables.put("COMFYUI_URL", COMFYUI_URL);
        variables.put(INSTANCE_FACTS_VAR, GpuCapacity.INSTANCE_FACTS_FILE);
        variables.put(MODELS_DIR_VAR, MODELS_DIR);
        variables.put(MODEL_CACHE_BYTES_VAR, Long.toString(settings.modelCacheGiB() * GIB));
        if (!settings.warmModels().isEmpty()) {
            variables.put(Settings.WARM_MODELS, String.join(",", settings.warmModels()));
        }

        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(removalPolicy)
                .build();
        imageUri = imageUri(settings);
        ContainerDefinition container = taskDefinition.addContainer(
                Fleet.RUNNER_CONTAINER,
                ContainerDefinitionOptions.builder()
                        .image(image)
                        .gpuCount(1)
                        .readonlyRootFilesystem(true)
                        .healthCheck(HealthCheck.builder()
                                .command(List.of("CMD", HEALTH_CHECK))
                                .interval(Duration.seconds(30))
                                .timeout(Duration.seconds(5))
                                .retries(3)
                                .startPeriod(HEALTH_START_PERIOD)
                                .build())
                        .memoryReservationMiB(MEMORY_RESERVATION_MIB)
                        .stopTimeout(STOP_TIMEOUT)
                        .environment(variables)
                        .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                                .logGroup(logs)
                                .streamPrefix("runner")
                                .build()))
                        .build());
        container.addMountPoints(
                MountPoint.builder()
                        .sourceVolume("instance-facts")
                        .containerPath(GpuCapacity.INSTANCE_FACTS_DIRECTORY)
                        .readOnly(true)
                        .build(),
                MountPoint.builder()
                        .sourceVolume("data")
                        .containerPath(DATA_DIR)
                        .readOnly(false)
                        .build(),
                MountPoint.builder()
                        .sourceVolume("models")
                        .containerPath(MODELS_DIR)
                        .readOnly(false)
                        .build());
        Nag.suppress(
                taskDefinition,
                "AwsSolutions-ECS2",
                "The environment holds resource names, queue URLs and flags from the contract, no secrets;"
                        + " Secrets Manager would add cost and a startup call for public facts.");

        if (taskDefinition.getExecutionRole() != null) {
            // Present when the image is built from gpu-runner/: CDK grants pulls from its asset repository.
            Nag.suppress(
                    taskDefinition.getExecutionRole(),
                    "AwsSolutions-IAM5",
                    "ecr:GetAuthorizationToken accepts no resource ARN; the image pulls themselves are limited to"
                            + " the CDK asset repository.",
                    "^Resource::\\*$");
        }

        service = Ec2Service.Builder.create(this, "Service")
                .cluster(capacity.cluster())
                .taskDefinition(taskDefinition)
                // Starts idle; scaling and submitters own the count from here. CloudFormation sends this
                // count with every update of the service, so a deploy that changes the service (a new
                // image, new settings) sets it back to 0: runners drain and hand their jobs back, and the
                // reaper, the next submit or the backlog alarm starts them again (see infra-cdk/README.md).
                // Leaving it out would make CloudFormation create the service with one task and wait for
                // a GPU instance to boot and pull the image before the first deploy could finish.
                .desiredCount(0)
                // A deploy may stop every runner first (they release their jobs to the queue) rather
                // than launch a second GPU per runner to overlap old and new tasks.
                .minHealthyPercent(0)
                .maxHealthyPercent(100)
                .circuitBreaker(DeploymentCircuitBreaker.builder()
                        .enable(true)
                        .rollback(true)
                        .build())
                .capacityProviderStrategies(List.of(CapacityProviderStrategy.builder()
                        .capacityProvider(capacity.capacityProvider().getCapacityProviderName())
                        .weight(1)
                        .base(0)
                        .build()))
                .enableEcsManagedTags(true)
                .propagateTags(PropagatedTagSource.SERVICE)
                .build();
        // The service may only be created once the capacity provider is attached to the cluster.
        service.getNode().addDependency(capacity.cluster());
    }

    /**
     * A prebuilt image when {@code runnerImage} is set (and in tests, so no Docker is needed);
     * otherwise built from {@code gpu-runner/Dockerfile} for x86-64, the architecture of every GPU
     * instance type offered here, even when deploying from an ARM laptop. Sets {@link #image}; returns
     * the image's URI, which a baked AMI pulls.
     */
    private String imageUri(StackSettings settings) {
        if (settings.runnerImage().isPresent()) {
            image = ContainerImage.fromRegistry(settings.runnerImage().get());
            return settings.runnerImage().get();
        }
        if (!Files.isRegularFile(settings.runnerDirectory().resolve("Dockerfile"))) {
            throw new IllegalStateException(
                    "No runner image: " + settings.runnerDirectory().resolve("Dockerfile")
                            + " does not exist. Pass -c runnerImage=<registry/image:tag> or add the Dockerfile.");
        }
        Map<String, String> buildArgs = settings.comfyuiCommit()
                .map(commit -> Map.of("COMFYUI_COMMIT", commit))
                .orElse(Map.of());
        DockerImageAsset asset = DockerImageAsset.Builder.create(this, "Image")
                .directory(settings.runnerDirectory().toString())
                .platform(Platform.LINUX_AMD64)
                .buildArgs(buildArgs)
                .build();
        image = ContainerImage.fromDockerImageAsset(asset);
        return asset.getImageUri();
    }

    /** The runner image's URI (registry/repository:tag). */
    public String imageUri() {
        return imageUri;
    }

    public Ec2Service service() {
        return service;
    }

    public IRole taskRole() {
        return taskRole;
    }

    public Ec2TaskDefinition taskDefinition() {
        return taskDefinition;
    }
}
