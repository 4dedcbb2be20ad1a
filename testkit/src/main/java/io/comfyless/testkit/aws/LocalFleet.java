package io.comfyless.testkit.aws;

import io.comfyless.contract.Fleet;
import io.comfyless.contract.Settings;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The GPU fleet's control plane in the emulator, shaped as the CDK app shapes it: an ECS cluster
 * with the runner service (at zero tasks), an Auto Scaling group of GPU instances (at zero, the
 * default instance types, spot first) launching from a launch template, and the service's scaling
 * bounds. The emulator runs no containers: this is what fleet control and scale from zero act on
 * locally, and what their tests read back. Idempotent, like the rest of {@link LocalResources}.
 */
final class LocalFleet {

    private LocalFleet() {}

    /** Creates the fleet under {@code prefix}; returns the variables that name it. */
    static Map<String, String> provision(URI endpoint, String prefix) {
        String cluster = Fleet.localClusterName(prefix);
        String service = Fleet.localServiceName(prefix);
        String group = Fleet.localGroupName(prefix);
        var credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(EmulatorClients.ACCESS_KEY, EmulatorClients.SECRET_KEY));
        try (EcsClient ecs = EcsClient.builder()
                        .endpointOverride(endpoint)
                        .region(EmulatorClients.REGION)
                        .credentialsProvider(credentials)
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .build();
                Ec2Client ec2 = Ec2Client.builder()
                        .endpointOverride(endpoint)
                        .region(EmulatorClients.REGION)
                        .credentialsProvider(credentials)
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .build();
                AutoScalingClient groups = AutoScalingClient.builder()
                        .endpointOverride(endpoint)
                        .region(EmulatorClients.REGION)
                        .credentialsProvider(credentials)
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .build();
                ApplicationAutoScalingClient scaling = ApplicationAutoScalingClient.builder()
                        .endpointOverride(endpoint)
                        .region(EmulatorClients.REGION)
                        .credentialsProvider(credentials)
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .build()) {
            ecs.createCluster(request -> request.clusterName(cluster));
            boolean serviceExists =
                    ecs.describeServices(request -> request.cluster(cluster).services(service)).services().stream()
                            .anyMatch(found -> "ACTIVE".equals(found.status()));
            if (!serviceExists) {
                String taskDefinition = ecs.registerTaskDefinition(request -> request.family(service)
                                .containerDefinitions(container -> container
                                        .name(Fleet.RUNNER_CONTAINER)
                                        .image("comfyless-runner")
                                        .memoryReservation(12 * 1024)))
                        .taskDefinition()
                        .taskDefinitionArn();
                ecs.createService(request -> request.cluster(cluster)
                        .serviceName(service)
                        .taskDefinition(taskDefinition)
                        .desiredCount(0));
            }
            String launchTemplate = Fleet.localLaunchTemplateName(prefix);
            try {
                ec2.createLaunchTemplate(request -> request.launchTemplateName(launchTemplate)
                        .launchTemplateData(data -> data.imageId("ami-12c6146b")));
            } catch (Ec2Exception alreadyThere) {
                // Provisioned before.
            }
            boolean groupExists = !groups.describeAutoScalingGroups(request -> request.autoScalingGroupNames(group))
                    .autoScalingGroups()
                    .isEmpty();
            if (!groupExists) {
                String subnet = ec2.describeSubnets().subnets().get(0).subnetId();
                groups.createAutoScalingGroup(request -> request.autoScalingGroupName(group)
                        .minSize(0)
                        .maxSize(Fleet.DEFAULT_MAX_GPUS)
                        .desiredCapacity(0)
                        .vpcZoneIdentifier(subnet)
                        .mixedInstancesPolicy(policy -> policy.launchTemplate(template ->
                                        template.launchTemplateSpecification(
                                                        spec -> spec.launchTemplateName(launchTemplate)
                                                                .version("$Latest"))
                                                .overrides(Fleet.DEFAULT_INSTANCE_TYPES.stream()
                                                        .map(type -> LaunchTemplateOverrides.builder()
                                                                .instanceType(type)
                                                                .build())
                                                        .toList()))
                                .instancesDistribution(distribution ->
                                        distribution.onDemandBaseCapacity(0).onDemandPercentageAboveBaseCapacity(0))));
            }
            scaling.registerScalableTarget(request -> request.serviceNamespace(ServiceNamespace.ECS)
                    .resourceId("service/" + cluster + "/" + service)
                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                    .minCapacity(0)
                    .maxCapacity(Fleet.DEFAULT_MAX_GPUS));
        }
        return Map.of(
                Settings.ECS_CLUSTER, cluster,
                Settings.ECS_SERVICE, service,
                Fleet.GROUP_ENV_VAR, group);
    }
}
