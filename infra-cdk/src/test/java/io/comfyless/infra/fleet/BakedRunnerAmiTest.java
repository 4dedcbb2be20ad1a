package io.comfyless.infra.fleet;

import static io.comfyless.infra.Resources.list;
import static io.comfyless.infra.Resources.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.infra.Resources;
import io.comfyless.infra.SynthesizedStack;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class BakedRunnerAmiTest {

    private final Template baked = SynthesizedStack.withCustomSettings().template();

    @Test
    void isOptIn() {
        Template plain = SynthesizedStack.withDefaults().template();

        assertThat(Resources.ofType(plain, "AWS::ImageBuilder::ImagePipeline")).isEmpty();
        assertThat(Resources.ofType(plain, "AWS::ImageBuilder::Component")).isEmpty();
        assertThat(Resources.ofType(baked, "AWS::ImageBuilder::ImagePipeline")).hasSize(1);
    }

    @Test
    void bakesTheStockEcsGpuAmiWithTheRunnerImagePulledAndTheWarmModelsCopied() {
        Map<String, Object> recipe = Resources.properties(baked, "AWS::ImageBuilder::ImageRecipe", "BakedAmiRecipe");
        String document = Resources.properties(baked, "AWS::ImageBuilder::Component", "BakedAmiRunnerImage")
                .get("Data")
                .toString();

        assertThat(recipe.get("ParentImage")).isEqualTo("ssm:" + BakedRunnerAmi.STOCK_GPU_AMI);
        assertThat(document)
                .contains("docker pull \"$IMAGE\"")
                .contains(SynthesizedStack.RUNNER_IMAGE)
                .contains("models/checkpoints/sd_xl_base_1.0.safetensors")
                .contains(GpuCapacity.MODELS_HOST_DIRECTORY + "/vae/sdxl_vae.safetensors")
                .contains("chown -R " + GpuCapacity.RUNNER_UID);
        assertThat(map(map(list(recipe.get("BlockDeviceMappings")).get(0)).get("Ebs"))
                        .get("Encrypted"))
                .isEqualTo(true);
    }

    @Test
    void eachBakeWritesItsAmiIntoTheParameterTheLaunchTemplateResolves() {
        Map<String, Object> parameter = Resources.properties(baked, "AWS::SSM::Parameter", "BakedAmiAmiId");
        Map<String, Object> distribution = map(
                list(Resources.properties(baked, "AWS::ImageBuilder::DistributionConfiguration", "BakedAmiDistribution")
                                .get("Distributions"))
                        .get(0));

        assertThat(parameter.get("Name")).isEqualTo("/ComfyLessTest/runner-host-ami");
        assertThat(parameter.get("DataType")).isEqualTo("aws:ec2:image");
        assertThat(parameter.get("Value").toString()).contains("{{resolve:ssm:" + BakedRunnerAmi.STOCK_GPU_AMI + "}}");
        assertThat(list(distribution.get("SsmParameterConfigurations")).get(0).toString())
                .contains("aws:ec2:image");
        assertThat(Resources.properties(baked, "AWS::EC2::LaunchTemplate", "GpusLaunchTemplate")
                        .toString())
                .contains("resolve:ssm:/ComfyLessTest/runner-host-ami");
    }

    @Test
    void buildsOnAnOrdinaryInstanceWithImdsV2AndRebuildsWeeklyOnlyWhenSomethingChanged() {
        Map<String, Object> infrastructure =
                Resources.properties(baked, "AWS::ImageBuilder::InfrastructureConfiguration", "BakedAmiInfrastructure");
        Map<String, Object> pipeline =
                Resources.properties(baked, "AWS::ImageBuilder::ImagePipeline", "BakedAmiPipeline");

        assertThat(list(infrastructure.get("InstanceTypes")))
                .containsExactlyElementsOf(BakedRunnerAmi.BUILD_INSTANCE_TYPES);
        assertThat(infrastructure.get("TerminateInstanceOnFailure")).isEqualTo(true);
        assertThat(map(infrastructure.get("InstanceMetadataOptions")).get("HttpTokens"))
                .isEqualTo("required");
        assertThat(map(pipeline.get("Schedule")))
                .containsEntry("ScheduleExpression", BakedRunnerAmi.REBUILD_SCHEDULE)
                .containsEntry("PipelineExecutionStartCondition", "EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE");
    }
}
