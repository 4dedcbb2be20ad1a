package io.comfyless.infra.fleet;

import io.comfyless.contract.Settings;
import io.comfyless.infra.Nag;
import io.comfyless.infra.StackSettings;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.CapacityProviderStrategy;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.Ec2Service;
import software.amazon.awscdk.services.ecs.Ec2TaskDefinition;
import software.amazon.awscdk.services.ecs.Host;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.MountPoint;
import software.amazon.awscdk.services.ecs.NetworkMode;
import software.amazon.awscdk.services.ecs.PropagatedTagSource;
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
     * runner's {@code ModelCacheConfig}). The runner and ComfyUI share one container, so this directory
     * of the image ({@code gpu-runner/Dockerfile} sets the same path and makes it writable) is the
     * shared volume; it lives on the instance's root volume, sized for the cache by {@link GpuCapacity}.
     */
    public static final String MODELS_DIR_VAR = Settings.COMFYUI_MODELS_DIR;

    public static final String MODELS_DIR = "/opt/ComfyUI/models";
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
                .volumes(List.of(Volume.builder()
                        .name("instance-facts")
                        .host(Host.builder()
                                .sourcePath(GpuCapacity.INSTANCE_FACTS_DIRECTORY)
                                .build())
                        .build()))
                .build();

        Map<String, String> variables = new TreeMap<>(environment);
        variables.put("COMFYUI_URL", COMFYUI_URL);
        variables.put(INSTANCE_FACTS_VAR, GpuCapacity.INSTANCE_FACTS_FILE);
        variables.put(MODELS_DIR_VAR, MODELS_DIR);
        variables.put(MODEL_CACHE_BYTES_VAR, Long.toString(settings.modelCacheGiB() * GIB));

        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(removalPolicy)
                .build();
        ContainerDefinition container = taskDefinition.addContainer(
                "runner",
                ContainerDefinitionOptions.builder()
                        .image(image(settings))
                        .gpuCount(1)
                        .memoryReservationMiB(MEMORY_RESERVATION_MIB)
                        .stopTimeout(STOP_TIMEOUT)
                        .environment(variables)
                        .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                                .logGroup(logs)
                                .streamPrefix("runner")
                                .build()))
                        .build());
        container.addMountPoints(MountPoint.builder()
                .sourceVolume("instance-facts")
                .containerPath(GpuCapacity.INSTANCE_FACTS_DIRECTORY)
                .readOnly(true)
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
                // Starts idle; RunnerScaling owns the count from here.
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
     * instance type offered here, even when deploying from an ARM laptop.
     */
    private static ContainerImage image(StackSettings settings) {
        if (settings.runnerImage().isPresent()) {
            return ContainerImage.fromRegistry(settings.runnerImage().get());
        }
        if (!Files.isRegularFile(settings.runnerDirectory().resolve("Dockerfile"))) {
            throw new IllegalStateException(
                    "No runner image: " + settings.runnerDirectory().resolve("Dockerfile")
                            + " does not exist. Pass -c runnerImage=<registry/image:tag> or add the Dockerfile.");
        }
        Map<String, String> buildArgs = settings.comfyuiCommit()
                .map(commit -> Map.of("COMFYUI_COMMIT", commit))
                .orElse(Map.of());
        return ContainerImage.fromAsset(
                settings.runnerDirectory().toString(),
                AssetImageProps.builder()
                        .platform(Platform.LINUX_AMD64)
                        .buildArgs(buildArgs)
                        .build());
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
