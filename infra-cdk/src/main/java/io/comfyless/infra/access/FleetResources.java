package io.comfyless.infra.access;

import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ecs.Ec2Service;
import software.amazon.awscdk.services.iam.IRole;

/**
 * What waking and controlling the GPU fleet touches: the runner service, the instance group, the
 * launch template the group uses and the role its instances get.
 */
public record FleetResources(
        Ec2Service service, AutoScalingGroup group, LaunchTemplate launchTemplate, IRole instanceRole) {}
