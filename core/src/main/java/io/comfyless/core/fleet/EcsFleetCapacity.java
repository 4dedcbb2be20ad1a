package io.comfyless.core.fleet;

import io.comfyless.core.error.ServiceUnavailableException;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * {@link FleetCapacity} from ECS {@code DescribeServices} on the runner service: one call, which is
 * all the API role needs ({@code ecs:DescribeServices} on that service). A service that is not
 * there is a misconfigured stack, not a client's mistake: 503.
 */
public final class EcsFleetCapacity implements FleetCapacity {

    private final EcsClient ecs;
    private final String cluster;
    private final String service;

    public EcsFleetCapacity(EcsClient ecs, String cluster, String service) {
        this.ecs = ecs;
        this.cluster = cluster;
        this.service = service;
    }

    @Override
    public Optional<ServiceCapacity> service() {
        DescribeServicesResponse response =
                ecs.describeServices(request -> request.cluster(cluster).services(service));
        Service found = response.services().stream()
                .findFirst()
                .orElseThrow(() -> new ServiceUnavailableException(
                        "The runner service " + service + " is not in cluster " + cluster
                                + (response.failures().isEmpty()
                                        ? ""
                                        : " (" + response.failures().get(0).reason() + ")")));
        return Optional.of(new ServiceCapacity(
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
                        .toList()));
    }

    private static int nz(Integer value) {
        return value == null ? 0 : value;
    }
}
