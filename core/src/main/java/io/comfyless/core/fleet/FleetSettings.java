package io.comfyless.core.fleet;

import io.comfyless.contract.Settings;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The GPU fleet as deployed code learns it from its environment, and who may operate what the
 * fleet shares between tenants.
 *
 * @param ecsCluster      the cluster of the runner service ({@value #ECS_CLUSTER}); empty locally
 * @param ecsService      the runner service ({@value #ECS_SERVICE}); empty locally
 * @param operatorTenants tenants allowed to change shared resources such as the model store
 *                        ({@value #OPERATOR_TENANTS}, comma-separated). Models are shared by every
 *                        tenant, so no tenant's own credentials may delete or replace them unless
 *                        the operator named that tenant here.
 */
public record FleetSettings(Optional<String> ecsCluster, Optional<String> ecsService, Set<String> operatorTenants) {

    public static final String ECS_CLUSTER = Settings.ECS_CLUSTER;
    public static final String ECS_SERVICE = Settings.ECS_SERVICE;
    public static final String OPERATOR_TENANTS = Settings.OPERATOR_TENANTS;

    public FleetSettings {
        operatorTenants = Set.copyOf(operatorTenants);
    }

    public static FleetSettings none() {
        return new FleetSettings(Optional.empty(), Optional.empty(), Set.of());
    }

    public static FleetSettings from(Function<String, String> env) {
        return new FleetSettings(
                value(env, ECS_CLUSTER),
                value(env, ECS_SERVICE),
                value(env, OPERATOR_TENANTS)
                        .map(csv -> Arrays.stream(csv.split(","))
                                .map(String::trim)
                                .filter(s -> !s.isEmpty())
                                .collect(Collectors.toSet()))
                        .orElse(Set.of()));
    }

    /** Whether the runner service is named, so its counts can be read from ECS. */
    public boolean hasService() {
        return ecsCluster.isPresent() && ecsService.isPresent();
    }

    private static Optional<String> value(Function<String, String> env, String name) {
        return Optional.ofNullable(env.apply(name)).map(String::trim).filter(v -> !v.isEmpty());
    }
}
