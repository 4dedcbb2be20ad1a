package io.comfyless.core.fleet;

import java.time.Instant;
import java.util.List;

/**
 * The runner service's task counts as ECS reports them: what scaling asked for ({@code desired}),
 * what runs, and what is starting (waiting for a GPU instance to boot or an image to pull).
 *
 * @param status ECS's service status ({@code ACTIVE}, {@code DRAINING}, {@code INACTIVE})
 */
public record ServiceCapacity(
        String cluster,
        String service,
        String status,
        int desired,
        int running,
        int pending,
        List<Deployment> deployments) {

    public ServiceCapacity {
        deployments = List.copyOf(deployments);
    }

    /** One deployment of the service: during a rollout an old and a new one run side by side. */
    public record Deployment(
            String id, String status, String rolloutState, int desired, int running, int pending, Instant updatedAt) {}
}
