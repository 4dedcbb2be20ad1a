package io.comfyless.infra.fleet;

import io.comfyless.contract.Bucket;
import io.comfyless.infra.Nag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.iam.CfnInstanceProfile;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.imagebuilder.CfnComponent;
import software.amazon.awscdk.services.imagebuilder.CfnDistributionConfiguration;
import software.amazon.awscdk.services.imagebuilder.CfnImagePipeline;
import software.amazon.awscdk.services.imagebuilder.CfnImageRecipe;
import software.amazon.awscdk.services.imagebuilder.CfnInfrastructureConfiguration;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.ssm.ParameterDataType;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * The opt-in baked AMI ({@code -c bakedAmi=true}): an EC2 Image Builder pipeline that starts from
 * the stock ECS GPU AMI, pulls the runner image into the host's Docker cache (and copies the
 * {@code warmModels} from the model store into the host's model cache), and writes the new AMI's id
 * into an SSM parameter, which the launch template resolves at every launch. An instance from it
 * starts its runner without pulling several gigabytes from ECR.
 *
 * <p>The parameter starts as the stock ECS GPU AMI, so the fleet works before the first bake. Run a
 * bake after each deploy that changes the runner image (the weekly schedule also picks up new
 * stock AMIs); see infra-cdk/README.md for the command, the build time and the cost.
 */
public final class BakedRunnerAmi extends Construct {

    /** The stock AMI the bake starts from, as Image Builder reads an SSM parameter. */
    static final String STOCK_GPU_AMI = "/aws/service/ecs/optimized-ami/amazon-linux-2023/gpu/recommended/image_id";
    /** Building needs no GPU: pulling an image and copying files run on an ordinary instance. */
    static final List<String> BUILD_INSTANCE_TYPES = List.of("m6i.large", "m5.large");
    /** Weekly, and only when the stock AMI or a component changed since the last bake. */
    static final String REBUILD_SCHEDULE = "cron(0 3 ? * sun *)";

    private final StringParameter parameter;
    private final CfnImagePipeline pipeline;

    public BakedRunnerAmi(
            Construct scope,
            String id,
            IVpc vpc,
            String runnerImageUri,
            IBucket bucket,
            List<String> warmModels,
            int rootVolumeGib) {
        super(scope, id);
        Stack stack = Stack.of(this);
        parameter = StringParameter.Builder.create(this, "AmiId")
                .parameterName(parameterName(stack))
                .description(
                        "The AMI GPU hosts launch from: the stock ECS GPU AMI until the first bake, then the baked one")
                .dataType(ParameterDataType.AWS_EC2_IMAGE)
                .stringValue("{{resolve:ssm:" + STOCK_GPU_AMI + "}}")
                .build();

        Role role = Role.Builder.create(this, "BuildRole")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .description("Image Builder's build instance: pulls the runner image, reads warm models")
                .managedPolicies(List.of(
                        ManagedPolicy.fromAwsManagedPolicyName("AmazonSSMManagedInstanceCore"),
                        ManagedPolicy.fromAwsManagedPolicyName("EC2InstanceProfileForImageBuilder"),
                        ManagedPolicy.fromAwsManagedPolicyName("AmazonEC2ContainerRegistryReadOnly")))
                .build();
        if (!warmModels.isEmpty()) {
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("s3:GetObject"))
                    .resources(warmModels.stream()
                            .map(model -> bucket.arnForObjects(Bucket.MODELS_PREFIX + model))
                            .toList())
                    .build());
        }
        Nag.suppress(
                role,
                "AwsSolutions-IAM4",
                "AWS's managed policies for an Image Builder build instance (Systems Manager agent, Image Builder"
                        + " logging) and read-only ECR pulls of the runner image; the instance lives minutes per bake.");
        Nag.suppress(
                role,
                "AwsSolutions-IAM5",
                "EC2InstanceProfileForImageBuilder and the ECR read-only policy name their own resources.",
                "^Resource::\\*$");
        CfnInstanceProfile profile = CfnInstanceProfile.Builder.create(this, "BuildProfile")
                .roles(List.of(role.getRoleName()))
                .build();
        SecurityGroup securityGroup = SecurityGroup.Builder.create(this, "BuildSecurityGroup")
                .vpc(vpc)
                .description("Image Builder's build instance: no inbound traffic")
                .allowAllOutbound(true)
                .build();

        CfnComponent component = CfnComponent.Builder.create(this, "RunnerImage")
                .name(stack.getStackName() + "-runner-image")
                .version("1.0.0")
                .platform("Linux")
                .description("Pulls the ComfyLess runner image (and warm models) onto the ECS GPU AMI")
                .data(componentDocument(stack.getRegion(), runnerImageUri, bucket.getBucketName(), warmModels))
                .build();
        CfnImageRecipe recipe = CfnImageRecipe.Builder.create(this, "Recipe")
                .name(stack.getStackName() + "-runner-host")
                .version("1.0.0")
                .parentImage("ssm:" + STOCK_GPU_AMI)
                .components(List.of(CfnImageRecipe.ComponentConfigurationProperty.builder()
                        .componentArn(component.getAttrArn())
                        .build()))
                .blockDeviceMappings(List.of(CfnImageRecipe.InstanceBlockDeviceMappingProperty.builder()
                        .deviceName("/dev/xvda")
                        .ebs(CfnImageRecipe.EbsInstanceBlockDeviceSpecificationProperty.builder()
                                .volumeSize(rootVolumeGib)
                                .volumeType("gp3")
                                .encrypted(true)
                                .deleteOnTermination(true)
                                .build())
                        .build()))
                .build();
        CfnInfrastructureConfiguration infrastructure = CfnInfrastructureConfiguration.Builder.create(
                        this, "Infrastructure")
                .name(stack.getStackName() + "-runner-host")
                .instanceProfileName(profile.getRef())
                .instanceTypes(BUILD_INSTANCE_TYPES)
                .subnetId(vpc.selectSubnets(SubnetSelection.builder()
                                .subnetType(SubnetType.PUBLIC)
                                .build())
                        .getSubnetIds()
                        .get(0))
                .securityGroupIds(List.of(securityGroup.getSecurityGroupId()))
                .terminateInstanceOnFailure(true)
                .instanceMetadataOptions(CfnInfrastructureConfiguration.InstanceMetadataOptionsProperty.builder()
                        .httpTokens("required")
                        .build())
                .build();
        CfnDistributionConfiguration distribution = CfnDistributionConfiguration.Builder.create(this, "Distribution")
                .name(stack.getStackName() + "-runner-host")
                .distributions(List.of(CfnDistributionConfiguration.DistributionProperty.builder()
                        .region(stack.getRegion())
                        .amiDistributionConfiguration(Map.of(
                                "Name",
                                stack.getStackName() + "-runner-host-{{ imagebuilder:buildDate }}",
                                "Description",
                                "ECS GPU AMI with the ComfyLess runner image already pulled"))
                        .ssmParameterConfigurations(
                                List.of(CfnDistributionConfiguration.SsmParameterConfigurationProperty.builder()
                                        .parameterName(parameter.getParameterName())
                                        .dataType("aws:ec2:image")
                                        .build()))
                        .build()))
                .build();
        pipeline = CfnImagePipeline.Builder.create(this, "Pipeline")
                .name(stack.getStackName() + "-runner-host")
                .description(
                        "Bakes the ECS GPU AMI with the runner image; start it after a deploy that changes the image")
                .imageRecipeArn(recipe.getAttrArn())
                .infrastructureConfigurationArn(infrastructure.getAttrArn())
                .distributionConfigurationArn(distribution.getAttrArn())
                .schedule(CfnImagePipeline.ScheduleProperty.builder()
                        .scheduleExpression(REBUILD_SCHEDULE)
                        .pipelineExecutionStartCondition("EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE")
                        .build())
                .status("ENABLED")
                .build();
    }

    /** The SSM parameter holding the AMI id, named after the stack so two stacks never share it. */
    public static String parameterName(Stack stack) {
        return "/" + stack.getStackName() + "/runner-host-ami";
    }

    public StringParameter parameter() {
        return parameter;
    }

    public CfnImagePipeline pipeline() {
        return pipeline;
    }

    /**
     * Image Builder's component document: log in to the image's ECR registry when it is one, pull the
     * image, copy each warm model to where runners keep their cache (owned by the runner's uid).
     */
    static String componentDocument(String region, String imageUri, String bucket, List<String> warmModels) {
        List<String> commands = new ArrayList<>();
        commands.add("set -euo pipefail");
        commands.add("systemctl start docker");
        commands.add("IMAGE='" + imageUri + "'");
        commands.add("REGISTRY=${IMAGE%%/*}");
        commands.add("case \"$REGISTRY\" in *.dkr.ecr.*) aws ecr get-login-password --region " + region
                + " | docker login --username AWS --password-stdin \"$REGISTRY\" ;; esac");
        commands.add("docker pull \"$IMAGE\"");
        commands.add("mkdir -p " + GpuCapacity.MODELS_HOST_DIRECTORY);
        for (String model : warmModels) {
            commands.add("aws s3 cp 's3://" + bucket + "/" + Bucket.MODELS_PREFIX + model + "' '"
                    + GpuCapacity.MODELS_HOST_DIRECTORY + "/" + model + "'");
        }
        commands.add("chown -R " + GpuCapacity.RUNNER_UID + ":" + GpuCapacity.RUNNER_UID + " "
                + GpuCapacity.MODELS_HOST_DIRECTORY);
        StringBuilder yaml = new StringBuilder()
                .append("name: comfyless-runner-image\n")
                .append("schemaVersion: 1.0\n")
                .append("phases:\n")
                .append("  - name: build\n")
                .append("    steps:\n")
                .append("      - name: PullRunnerImage\n")
                .append("        action: ExecuteBash\n")
                .append("        inputs:\n")
                .append("          commands:\n");
        for (String command : commands) {
            yaml.append("            - |\n              ").append(command).append('\n');
        }
        return yaml.toString();
    }
}
