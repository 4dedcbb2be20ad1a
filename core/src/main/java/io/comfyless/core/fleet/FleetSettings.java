package io.comfyless.core.fleet;

import io.comfyless.contract.Fleet;
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
 * @param ecsCluster      the cluster of the runner service ({@value #ECS_CLUSTER}); empty without a fleet
 * @param ecsService      the runner service ({@value #ECS_SERVICE}); empty without a fleet
 * @param group           the Auto Scaling group of GPU instances ({@value #GROUP}); empty without a fleet
 * @param operatorTenants tenants allowed to change shared resources such as the model store and the
 *                        fleet ({@value #OPERATOR_TENANTS}, comma-separated). They are shared by every
 *                        tenant, so no tenant's own credentials may change them unless the operator
 *                        named that tenant here.
 */
public record FleetSettings(
        Optional<String> ecsCluster, Optional<String> ecsService, Optional<String> group, Set<String> operatorTenants) {

    public static final String ECS_CLUSTER = Settings.ECS_CLUSTER;
    public static final String ECS_SERVICE = Settings.ECS_SERVICE;
    public static final String GROUP = Fleet.GROUP_ENV_VAR;
    public static final String OPERATOR_TENANTS = Settings.OPERATOR_TENANTS;

    public FleetSettings {
        operatorTenants = Set.copyOf(operatorTenants);
    }

    public static FleetSettings none() {
        return new FleetSettings(Optional.empty(), Optional.empty(), Optional.empty(), Set.of());
    }

    public static FleetSettings from(Function<String, String> env) {
        return new FleetSettings(
                value(env, ECS_CLUSTER),
                value(env, ECS_SERVICE),
                value(env, GROUP),
                value(env, OPERATOR_TENANTS)
                        .map(csv -> Arrays.stream(csv.split(","))
                                .map(String::trim)
                                .filter(s -> !s.isEmpty())
                                .collect(Collectors.toSet()))
                        .orElse(Set.of()));
    }

    /** Whether the runner service is named, so the fleet can be read and changed. */
    public boolean hasService() {
        return ecsCluster.isPresent() && ecsService.isPresent();
    }

    private static Optional<String> value(Function<String, String> env, String name) {
        return Optional.ofNullable(env.apply(name)).map(String::trim).filter(v -> !v.isEmpty());
    }
}
