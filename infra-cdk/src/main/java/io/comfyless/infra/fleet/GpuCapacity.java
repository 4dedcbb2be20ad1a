package io.comfyless.infra.fleet;

import io.comfyless.infra.Nag;
import io.comfyless.infra.StackSettings;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.autoscaling.InstancesDistribution;
import software.amazon.awscdk.services.autoscaling.LaunchTemplateOverrides;
import software.amazon.awscdk.services.autoscaling.MixedInstancesPolicy;
import software.amazon.awscdk.services.autoscaling.OnDemandAllocationStrategy;
import software.amazon.awscdk.services.autoscaling.SpotAllocationStrategy;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.CfnLaunchTemplate;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.ecs.AddAutoScalingGroupCapacityOptions;
import software.amazon.awscdk.services.ecs.AmiHardwareType;
import software.amazon.awscdk.services.ecs.AsgCapacityProvider;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.EcsOptimizedImage;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.ecs.MachineImageType;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The GPU fleet: an ECS cluster whose only capacity is an Auto Scaling group of GPU instances
 * (several instance types, spot first) behind a capacity provider with managed scaling. The group
 * rests at zero instances; placing a runner task makes the capacity provider launch one, and
 * managed termination protection keeps an instance alive while a runner works on it.
 */
public final class GpuCapacity extends Construct {

    /** Where the instance writes its own facts for the runner (bind-mounted read-only into the task). */
    public static final String INSTANCE_FACTS_DIRECTORY = "/etc/comfyless";

    public static final String INSTANCE_FACTS_FILE = INSTANCE_FACTS_DIRECTORY + "/instance.json";
    /**
     * The model cache on the host, mounted into each runner task at {@code /data/models}: it outlives
     * tasks, so a restarted or replaced runner finds the models the last one copied. On instance
     * types with NVMe instance storage the user data puts a file system there; otherwise it is a
     * folder on the root EBS volume (gp3 with raised throughput). A baked AMI brings models here.
     */
    public static final String MODELS_HOST_DIRECTORY = "/comfyless/models";
    /** The uid the runner image runs as ({@code RUNNER_UID} in gpu-runner/Dockerfile); it owns the model cache. */
    public static final int RUNNER_UID = 10001;
    /**
     * Root volume throughput, MiB/s. gp3 gives 125 for free; image layers and models are read and
     * written sequentially, so more throughput is what shortens a pull and a model load. Billed only
     * while an instance (and so its volume) exists; see infra-cdk/README.md for the cost.
     */
    static final int ROOT_VOLUME_THROUGHPUT = 500;
    /** Spot gives two minutes' notice; the ECS agent waits this long after SIGTERM before SIGKILL. */
    public static final String CONTAINER_STOP_TIMEOUT = "120s";
    /**
     * The root volume holds the OS, the runner image (CUDA, torch and ComfyUI: some 15 GiB unpacked,
     * twice over while a deploy pulls a new one beside the cached one), job inputs and outputs, and
     * the model cache, which lives in the container's writable layer on the same volume. This much
     * on top of the model cache.
     */
    static final int IMAGE_AND_SCRATCH_GIB = 60;

    private final Cluster cluster;
    private final AutoScalingGroup autoScalingGroup;
    private final AsgCapacityProvider capacityProvider;
    private final LaunchTemplate launchTemplate;
    private final Role instanceRole;

    public GpuCapacity(Construct scope, String id, Network network, StackSettings settings) {
        super(scope, id);
        cluster = Cluster.Builder.create(this, "Cluster")
                .vpc(network.vpc())
                .containerInsightsV2(ContainerInsights.ENABLED)
                .build();

        Role instanceRole = Role.Builder.create(this, "InstanceRole")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .description("GPU container instances: ECS agent only; runners use their own task role")
                .build();
        LaunchTemplate launchTemplate = LaunchTemplate.Builder.create(this, "LaunchTemplate")
                .machineImage(EcsOptimizedImage.amazonLinux2023(AmiHardwareType.GPU))
                .userData(userData())
                .role(instanceRole)
                .securityGroup(network.runnerSecurityGroup())
                .requireImdsv2(true)
                // One hop: the host (ECS agent, user data) reaches IMDS; containers on the bridge
                // network, one hop further, cannot, so a runner never sees the instance role.
                .httpPutResponseHopLimit(1)
                .blockDevices(List.of(BlockDevice.builder()
                        .deviceName("/dev/xvda")
                        .volume(BlockDeviceVolume.ebs(
                                rootVolumeGib(settings.modelCacheGiB()),
                                EbsDeviceOptions.builder()
                                        .encrypted(true)
                                        .volumeType(EbsDeviceVolumeType.GP3)
                                        .throughput(ROOT_VOLUME_THROUGHPUT)
                                        .iops(3000)
                                        .deleteOnTermination(true)
                                        .build()))
                        .build()))
                .build();
        this.launchTemplate = launchTemplate;
        this.instanceRole = instanceRole;
        if (settings.bakedAmi()) {
            // Resolved by EC2 at each launch, so a new bake is used without a deploy; the parameter
            // starts as the stock ECS GPU AMI and each bake overwrites it (see BakedRunnerAmi).
            ((CfnLaunchTemplate) launchTemplate.getNode().getDefaultChild())
                    .addPropertyOverride(
                            "LaunchTemplateData.ImageId",
                            "resolve:ssm:" + BakedRunnerAmi.parameterName(Stack.of(this)));
        }

        autoScalingGroup = AutoScalingGroup.Builder.create(this, "Gpus")
                .vpc(network.vpc())
                .vpcSubnets(
                        SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .mixedInstancesPolicy(MixedInstancesPolicy.builder()
                        .launchTemplate(launchTemplate)
                        .launchTemplateOverrides(settings.gpuInstanceTypes().stream()
                                .map(type -> LaunchTemplateOverrides.builder()
                                        .instanceType(new InstanceType(type))
                                        .build())
                                .toList())
                        .instancesDistribution(distribution(settings.spot()))
                        .build())
                .minCapacity(0)
                .maxCapacity(settings.maxGpus())
                // Managed termination protection: ECS lifts the protection only from instances with no runner.
                .newInstancesProtectedFromScaleIn(true)
                // Capacity rebalancing: ON for spot. A GPU replacement takes minutes to boot and pull the
                // runner image, longer than the two-minute interruption notice; acting on the earlier
                // rebalance recommendation starts the replacement while the old runner still works, and
                // ECS managed draining moves the runner over. The cost is a short overlap of two
                // instances and, when the recommendation was a false alarm, one job released back to
                // its queue (runners release on SIGTERM; jobs are idempotent). See README.
                .capacityRebalance(settings.spot())
                .build();
        Nag.suppress(
                autoScalingGroup,
                "CdkNagValidationFailure",
                "AwsSolutions-EC26 (EBS encryption) cannot read a launch template through a mixed instances"
                        + " policy and crashes; the launch template's only volume is encrypted (GpuCapacityTest asserts it).",
                "^AwsSolutions-EC26$");
        Nag.suppress(
                autoScalingGroup,
                "AwsSolutions-AS3",
                "The fleet scales from and to zero many times a day by design; e-mailing every launch and"
                        + " termination would drown the real alarms. Scaling history is in the group's activity log.");

        capacityProvider = AsgCapacityProvider.Builder.create(this, "CapacityProvider")
                .autoScalingGroup(autoScalingGroup)
                .machineImageType(MachineImageType.AMAZON_LINUX_2)
                .enableManagedScaling(true)
                // 100%: launch exactly the instances placed tasks need, and none while nothing runs.
                .targetCapacityPercent(100)
                .minimumScalingStepSize(1)
                .maximumScalingStepSize(settings.maxGpus())
                .enableManagedTerminationProtection(true)
                .enableManagedDraining(true)
                .build();
        cluster.addAsgCapacityProvider(
                capacityProvider,
                AddAutoScalingGroupCapacityOptions.builder()
                        .machineImageType(MachineImageType.AMAZON_LINUX_2)
                        .build());

        Nag.suppress(
                instanceRole,
                "AwsSolutions-IAM5",
                "CDK's standard ECS container-instance policy: ecs:Submit* on this cluster, and the agent calls"
                        + " that accept no resource ARN (ecs:DiscoverPollEndpoint, ecr:GetAuthorizationToken,"
                        + " ecs:Poll conditioned on this cluster, logs for the agent).",
                "^Action::ecs:Submit\\*$",
                "^Resource::\\*$");
    }

    /** The root volume for a model cache of {@code modelCacheGiB}. */
    public static int rootVolumeGib(int modelCacheGiB) {
        return modelCacheGiB + IMAGE_AND_SCRATCH_GIB;
    }

    /**
     * Spot first with no on-demand floor: an idle stack pays for no instance, and a busy one pays
     * spot prices. price-capacity-optimized picks the pools least likely to be interrupted among the
     * cheapest. With {@code spot=false} the same group launches on-demand only.
     */
    private static InstancesDistribution distribution(boolean spot) {
        return InstancesDistribution.builder()
                .onDemandBaseCapacity(0)
                .onDemandPercentageAboveBaseCapacity(spot ? 0 : 100)
                .spotAllocationStrategy(SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED)
                // On-demand fallback follows the order of gpuInstanceTypes.
                .onDemandAllocationStrategy(OnDemandAllocationStrategy.PRIORITIZED)
                .build();
    }

    /**
     * ECS agent settings (CDK adds the cluster name): drain on the spot interruption notice, give
     * containers 120 s between SIGTERM and SIGKILL, reuse a cached runner image. Then the model cache
     * (on the NVMe instance store when the type has one and the AMI brought no models), and the
     * instance facts the runner reports in its worker record (type, spot or on-demand, boot time),
     * read from IMDSv2 on the host because the runner's bridge network cannot reach the metadata
     * service. User data runs before the ECS agent starts, so no task sees the folder unmounted.
     */
    private static UserData userData() {
        UserData userData = UserData.forLinux();
        userData.addCommands(
                "echo ECS_ENABLE_SPOT_INSTANCE_DRAINING=true >> /etc/ecs/ecs.config",
                "echo ECS_CONTAINER_STOP_TIMEOUT=" + CONTAINER_STOP_TIMEOUT + " >> /etc/ecs/ecs.config",
                "echo ECS_ENABLE_GPU_SUPPORT=true >> /etc/ecs/ecs.config",
                "echo ECS_IMAGE_PULL_BEHAVIOR=prefer-cached >> /etc/ecs/ecs.config",
                "mkdir -p " + MODELS_HOST_DIRECTORY,
                "NVME=$(lsblk -dpno NAME,MODEL | awk '/Instance Storage/ {print $1; exit}')",
                "if [ -n \"$NVME\" ] && [ -z \"$(ls -A " + MODELS_HOST_DIRECTORY + ")\" ]; then"
                        + " mkfs.xfs -f \"$NVME\" && mount -o noatime \"$NVME\" " + MODELS_HOST_DIRECTORY + "; fi",
                "chown " + RUNNER_UID + ":" + RUNNER_UID + " " + MODELS_HOST_DIRECTORY,
                "TOKEN=$(curl -sf -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 300')",
                "imds() { curl -sf -H \"X-aws-ec2-metadata-token: $TOKEN\" http://169.254.169.254/latest/meta-data/$1; }",
                "BOOTED_AT=$(date -u -d \"@$(( $(date +%s) - $(cut -d. -f1 /proc/uptime) ))\" +%Y-%m-%dT%H:%M:%SZ)",
                "mkdir -p " + INSTANCE_FACTS_DIRECTORY,
                "printf '{\"instance_id\":\"%s\",\"instance_type\":\"%s\",\"lifecycle\":\"%s\",\"availability_zone\":\"%s\",\"booted_at\":\"%s\"}\\n'"
                        + " \"$(imds instance-id)\" \"$(imds instance-type)\" \"$(imds instance-life-cycle)\""
                        + " \"$(imds placement/availability-zone)\" \"$BOOTED_AT\" > " + INSTANCE_FACTS_FILE);
        return userData;
    }

    public ICluster cluster() {
        return cluster;
    }

    public AutoScalingGroup autoScalingGroup() {
        return autoScalingGroup;
    }

    public AsgCapacityProvider capacityProvider() {
        return capacityProvider;
    }

    public LaunchTemplate launchTemplate() {
        return launchTemplate;
    }

    /** The instances' role, which fleet control passes along when it changes the group's launch template use. */
    public Role instanceRole() {
        return instanceRole;
    }
}
