package io.comfyless.core.fleet;

import io.comfyless.core.error.ServiceUnavailableException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.MixedInstancesPolicy;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * {@link FleetControl} on ECS, Application Auto Scaling and EC2 Auto Scaling, for the runner
 * service and the instance group the stack names. A service or group that is not there is a
 * misconfigured stack, not a client's mistake: 503.
 */
public final class AwsFleetControl implements FleetControl {

    private final Supplier<EcsClient> ecs;
    private final Supplier<ApplicationAutoScalingClient> scaling;
    private final Supplier<AutoScalingClient> groups;
    private final String cluster;
    private final String service;
    private final Optional<String> group;

    /** Clients come from suppliers: they are built on first use, not on a Lambda's cold start. */
    public AwsFleetControl(
            Supplier<EcsClient> ecs,
            Supplier<ApplicationAutoScalingClient> scaling,
            Supplier<AutoScalingClient> groups,
            String cluster,
            String service,
            Optional<String> group) {
        this.ecs = ecs;
        this.scaling = scaling;
        this.groups = groups;
        this.cluster = cluster;
        this.service = service;
        this.group = group;
    }

    @Override
    public FleetView view() {
        return new FleetView(serviceCapacity(), bounds(), group.map(name -> groupCapacity(describeGroup(name))));
    }

    @Override
    public int desiredTasks() {
        return serviceCapacity().desired();
    }

    @Override
    public void setBounds(int min, int max) {
        scaling.get()
                .registerScalableTarget(request -> request.serviceNamespace(ServiceNamespace.ECS)
                        .resourceId(resourceId())
                        .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                        .minCapacity(min)
                        .maxCapacity(max));
        group.ifPresent(name -> groups.get()
                .updateAutoScalingGroup(
                        request -> request.autoScalingGroupName(name).maxSize(max)));
    }

    @Override
    public void setDesired(int tasks) {
        ecs.get()
                .updateService(
                        request -> request.cluster(cluster).service(service).desiredCount(tasks));
    }

    @Override
    public void setInstances(List<String> instanceTypes, Capacity capacity) {
        String name = group.orElseThrow(
                () -> new ServiceUnavailableException("This stack names no GPU instance group to change"));
        MixedInstancesPolicy current = describeGroup(name).mixedInstancesPolicy();
        if (current == null) {
            throw new ServiceUnavailableException("The GPU instance group " + name + " has no mixed instances policy");
        }
        LaunchTemplateSpecification template = current.launchTemplate().launchTemplateSpecification();
        MixedInstancesPolicy changed = current.toBuilder()
                .launchTemplate(current.launchTemplate().toBuilder()
                        // Describe answers with the template's id and name; an update may name only one.
                        .launchTemplateSpecification(template.toBuilder()
                                .launchTemplateName(
                                        template.launchTemplateId() == null ? template.launchTemplateName() : null)
                                .build())
                        .overrides(instanceTypes.stream()
                                .map(type -> LaunchTemplateOverrides.builder()
                                        .instanceType(type)
                                        .build())
                                .toList())
                        .build())
                .instancesDistribution(current.instancesDistribution().toBuilder()
                        .onDemandBaseCapacity(0)
                        .onDemandPercentageAboveBaseCapacity(capacity.onDemandPercentage())
                        .build())
                .build();
        groups.get()
                .updateAutoScalingGroup(request -> request.autoScalingGroupName(name)
                        .mixedInstancesPolicy(changed)
                        // Rebalancing only concerns spot instances.
                        .capacityRebalance(capacity == Capacity.SPOT));
    }

    @Override
    public boolean raiseGroupTo(int instances) {
        if (group.isEmpty()) {
            return false;
        }
        AutoScalingGroup current = describeGroup(group.get());
        if (current.desiredCapacity() >= instances) {
            return false;
        }
        groups.get()
                .setDesiredCapacity(request -> request.autoScalingGroupName(group.get())
                        .desiredCapacity(Math.min(instances, current.maxSize()))
                        .honorCooldown(false));
        return true;
    }

    private ServiceCapacity serviceCapacity() {
        DescribeServicesResponse response =
                ecs.get().describeServices(request -> request.cluster(cluster).services(service));
        Service found = response.services().stream()
                .findFirst()
                .orElseThrow(() -> new ServiceUnavailableException(
                        "The runner service " + service + " is not in cluster " + cluster
                                + (response.failures().isEmpty()
                                        ? ""
                                        : " (" + response.failures().get(0).reason() + ")")));
        return new ServiceCapacity(
                cluster,
                found.serviceName(),
                found.status(),
                found.desiredCount(),
                found.runningCount(),
                found.pendingCount(),
                found.deployments().stream()
                        .map(d -> new ServiceCapacity.Deployment(
                                d.id(),
                                d.status(),
                                d.rolloutState() == null ? null : d.rolloutStateAsString(),
                                nz(d.desiredCount()),
                                nz(d.runningCount()),
                                nz(d.pendingCount()),
                                d.updatedAt()))
                        .toList());
    }

    private Optional<FleetView.Bounds> bounds() {
        List<ScalableTarget> targets = scaling.get()
                .describeScalableTargets(request -> request.serviceNamespace(ServiceNamespace.ECS)
                        .resourceIds(resourceId())
                        .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT))
                .scalableTargets();
        return targets.stream()
                .findFirst()
                .map(target -> new FleetView.Bounds(target.minCapacity(), target.maxCapacity()));
    }

    private AutoScalingGroup describeGroup(String name) {
        return groups
                .get()
                .describeAutoScalingGroups(request -> request.autoScalingGroupNames(name))
                .autoScalingGroups()
                .stream()
                .findFirst()
                .orElseThrow(
                        () -> new ServiceUnavailableException("The GPU instance group " + name + " does not exist"));
    }

    private static GroupCapacity groupCapacity(AutoScalingGroup group) {
        MixedInstancesPolicy policy = group.mixedInstancesPolicy();
        List<String> types = policy == null || policy.launchTemplate() == null
                ? List.of()
                : policy.launchTemplate().overrides().stream()
                        .map(LaunchTemplateOverrides::instanceType)
                        .toList();
        Capacity capacity = policy == null || policy.instancesDistribution() == null
                ? Capacity.ON_DEMAND
                : Capacity.fromOnDemandPercentage(policy.instancesDistribution().onDemandPercentageAboveBaseCapacity());
        List<Instance> instances = group.instances();
        int inService = (int) instances.stream()
                .filter(instance -> "InService".equals(instance.lifecycleStateAsString()))
                .count();
        return new GroupCapacity(
                group.autoScalingGroupName(),
                group.desiredCapacity(),
                group.maxSize(),
                inService,
                instances.size() - inService,
                types,
                capacity);
    }

    private String resourceId() {
        return "service/" + cluster + "/" + service;
    }

    private static int nz(Integer value) {
        return value == null ? 0 : value;
    }
}
