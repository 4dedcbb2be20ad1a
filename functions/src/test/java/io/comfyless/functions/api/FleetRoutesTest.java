package io.comfyless.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.core.fleet.ServiceCapacity;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetRoutesTest {

    private static ServiceCapacity service(int desired, int running, int pending) {
        return new ServiceCapacity("c", "s", "ACTIVE", desired, running, pending, List.of());
    }

    @Test
    void saysInWordsWhatScalingIsDoing() {
        assertThat(FleetRoutes.scaling(service(0, 0, 0))).isEqualTo("idle");
        assertThat(FleetRoutes.scaling(service(3, 1, 0))).isEqualTo("scaling_out");
        assertThat(FleetRoutes.scaling(service(3, 1, 2))).isEqualTo("starting");
        assertThat(FleetRoutes.scaling(service(1, 2, 0))).isEqualTo("scaling_in");
        assertThat(FleetRoutes.scaling(service(2, 2, 0))).isEqualTo("steady");
    }
}
