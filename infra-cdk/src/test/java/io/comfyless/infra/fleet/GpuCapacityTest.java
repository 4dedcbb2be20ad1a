package io.comfyless.infra.fleet;

import static io.comfyless.infra.Resources.list;
import static io.comfyless.infra.Resources.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.infra.Resources;
import io.comfyless.infra.SynthesizedStack;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class GpuCapacityTest {

    private static final String ASG = "AWS::AutoScaling::AutoScalingGroup";
    private final Template template = SynthesizedStack.withDefaults().template();

    private static Map<String, Object> group(Template template) {
        return Resources.properties(template, ASG, "GpusASG");
    }

    private static Map<String, Object> distribution(Template template) {
        return map(map(group(template).get("MixedInstancesPolicy")).get("InstancesDistribution"));
    }

    private Map<String, Object> launchTemplateData() {
        return map(Resources.properties(template, "AWS::EC2::LaunchTemplate", "GpusLaunchTemplate")
                .get("LaunchTemplateData"));
    }

    private String userData() {
        return map(launchTemplateData().get("UserData")).toString();
    }

    @Test
    void launchesTheEcsGpuOptimisedAmi() {
        Object imageId = launchTemplateData().get("ImageId");
        String parameter = map(imageId).get("Ref").toString();

        assertThat(map(template.toJSON().get("Parameters")).get(parameter).toString())
                .contains("/aws/service/ecs/optimized-ami/amazon-linux-2023/gpu/recommended/image_id");
    }

    @Test
    void requiresImdsV2AndEncryptsTheRootVolume() {
        assertThat(launchTemplateData().get("MetadataOptions"))
                .isEqualTo(Map.of("HttpTokens", "required", "HttpPutResponseHopLimit", 1));
        assertThat(list(launchTemplateData().get("BlockDeviceMappings")))
                .allSatisfy(device ->
                        assertThat(map(map(device).get("Ebs")).get("Encrypted")).isEqualTo(true));
    }

    @Test
    void theRootVolumeHoldsTheModelCacheOnTopOfImagesAndScratch() {
        assertThat(rootVolumeGib(template)).isEqualTo(100 + GpuCapacity.IMAGE_AND_SCRATCH_GIB);
        assertThat(rootVolumeGib(SynthesizedStack.withCustomSettings().template()))
                .isEqualTo(250 + GpuCapacity.IMAGE_AND_SCRATCH_GIB);
    }

    private static int rootVolumeGib(Template template) {
        Map<String, Object> data = map(Resources.properties(template, "AWS::EC2::LaunchTemplate", "GpusLaunchTemplate")
                .get("LaunchTemplateData"));
        return (Integer) map(map(list(data.get("BlockDeviceMappings")).get(0)).get("Ebs"))
                .get("VolumeSize");
    }

    @Test
    void theRootVolumeIsGp3WithRaisedThroughput() {
        Map<String, Object> ebs =
                map(map(list(launchTemplateData().get("BlockDeviceMappings")).get(0))
                        .get("Ebs"));

        assertThat(ebs.get("VolumeType")).isEqualTo("gp3");
        assertThat((Integer) ebs.get("Throughput")).isGreaterThan(125);
    }

    @Test
    void theModelCacheGoesOnInstanceNvmeWhenThereIsSomeAndBelongsToTheRunnersUser() {
        String userData = userData();

        assertThat(userData)
                .contains("Instance Storage")
                .contains("mkfs.xfs")
                .contains("mount -o noatime")
                .contains(GpuCapacity.MODELS_HOST_DIRECTORY)
                .contains("chown " + GpuCapacity.RUNNER_UID + ":" + GpuCapacity.RUNNER_UID);
        assertThat(userData.indexOf("mkfs.xfs"))
                .as("the cache is in place before the instance facts (and so before ECS starts tasks)")
                .isLessThan(userData.indexOf("instance.json"));
        assertThat(userData).contains("booted_at");
    }

    @Test
    void withABakedAmiTheLaunchTemplateResolvesTheBakedAmisParameterAtEachLaunch() {
        Map<String, Object> data = map(Resources.properties(
                        SynthesizedStack.withCustomSettings().template(),
                        "AWS::EC2::LaunchTemplate",
                        "GpusLaunchTemplate")
                .get("LaunchTemplateData"));

        assertThat(data.get("ImageId")).isEqualTo("resolve:ssm:/ComfyLessTest/runner-host-ami");
        assertThat(launchTemplateData().get("ImageId").toString()).doesNotContain("resolve:ssm");
    }

    @Test
    void drainsOnSpotInterruptionAndGivesContainersAtLeast120SecondsToStop() {
        assertThat(userData()).contains("ECS_ENABLE_SPOT_INSTANCE_DRAINING=true");
        Matcher stopTimeout =
                Pattern.compile("ECS_CONTAINER_STOP_TIMEOUT=(\\d+)s").matcher(userData());
        assertThat(stopTimeout.find()).isTrue();
        assertThat(Integer.parseInt(stopTimeout.group(1))).isGreaterThanOrEqualTo(120);
    }

    @Test
    void mixesTheConfiguredInstanceTypesSpotFirstWithNoOnDemandFloor() {
        List<Object> overrides =
                list(map(map(group(template).get("MixedInstancesPolicy")).get("LaunchTemplate"))
                        .get("Overrides"));

        assertThat(overrides)
                .containsExactly(
                        Map.of("InstanceType", "g4dn.xlarge"),
                        Map.of("InstanceType", "g5.xlarge"),
                        Map.of("InstanceType", "g6.xlarge"));
        assertThat(distribution(template).get("OnDemandBaseCapacity")).isEqualTo(0);
        assertThat(distribution(template).get("OnDemandPercentageAboveBaseCapacity"))
                .isEqualTo(0);
        assertThat(distribution(template).get("SpotAllocationStrategy")).isEqualTo("price-capacity-optimized");
        assertThat(group(template).get("CapacityRebalance")).isEqualTo(true);
    }

    @Test
    void spotFalseLaunchesOnDemandOnlyAndInstanceTypesAndSizeComeFromContext() {
        Template custom = SynthesizedStack.withCustomSettings().template();

        assertThat(distribution(custom).get("OnDemandPercentageAboveBaseCapacity"))
                .isEqualTo(100);
        assertThat(group(custom).get("CapacityRebalance")).isEqualTo(false);
        assertThat(list(map(map(group(custom).get("MixedInstancesPolicy")).get("LaunchTemplate"))
                        .get("Overrides")))
                .containsExactly(Map.of("InstanceType", "g5.xlarge"), Map.of("InstanceType", "g6.xlarge"));
        assertThat(group(custom).get("MaxSize")).isEqualTo("2");
    }

    @Test
    void restsAtZeroInstancesAndProtectsNewOnes() {
        assertThat(group(template).get("MinSize")).isEqualTo("0");
        assertThat(group(template).get("MaxSize")).isEqualTo("4");
        assertThat(group(template)).doesNotContainKey("DesiredCapacity");
        assertThat(group(template).get("NewInstancesProtectedFromScaleIn")).isEqualTo(true);
    }

    @Test
    void theCapacityProviderScalesFromZeroWithTerminationProtection() {
        Map<String, Object> provider =
                map(Resources.properties(template, "AWS::ECS::CapacityProvider", "GpusCapacityProvider")
                        .get("AutoScalingGroupProvider"));

        assertThat(map(provider.get("ManagedScaling")))
                .containsEntry("Status", "ENABLED")
                .containsEntry("TargetCapacity", 100);
        assertThat(provider.get("ManagedTerminationProtection")).isEqualTo("ENABLED");
        assertThat(provider.get("ManagedDraining")).isEqualTo("ENABLED");
        assertThat(provider.get("AutoScalingGroupArn"))
                .isEqualTo(Resources.ref(Resources.idOf(template, ASG, "GpusASG")));
    }

    @Test
    void theClusterHasContainerInsights() {
        assertThat(Resources.properties(template, "AWS::ECS::Cluster", "GpusCluster")
                        .get("ClusterSettings"))
                .isEqualTo(List.of(Map.of("Name", "containerInsights", "Value", "enabled")));
    }
}
