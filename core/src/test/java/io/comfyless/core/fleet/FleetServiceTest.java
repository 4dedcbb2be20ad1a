package io.comfyless.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comfyless.core.error.ServiceUnavailableException;
import io.comfyless.core.error.ValidationException;
import io.comfyless.core.json.Json;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FleetServiceTest {

    private final InMemoryFleet fleet = new InMemoryFleet();
    private final FleetService service = new FleetService(Optional.of(fleet));

    private FleetView put(String json) {
        return service.update(FleetRequests.change(Json.read(json)));
    }

    @Test
    void raisingTheMinimumAboveTheRunnersStartsThemAndLaunchesTheirInstances() {
        FleetView view = put("{\"min\": 2}");

        assertThat(view.bounds()).hasValue(new FleetView.Bounds(2, 4));
        assertThat(view.service().desired()).isEqualTo(2);
        assertThat(view.group().orElseThrow().desired()).isEqualTo(2);
    }

    @Test
    void loweringTheMaximumBelowTheRunnersLowersThem() {
        fleet.setDesired(4);

        FleetView view = put("{\"max\": 2}");

        assertThat(view.service().desired()).isEqualTo(2);
        assertThat(view.group().orElseThrow().max()).isEqualTo(2);
    }

    @Test
    void minMoreThanMaxIsRefusedWhetherOneOrBothAreGiven() {
        assertThatThrownBy(() -> put("{\"min\": 3, \"max\": 2}"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("min (3) must not be more than max (2)");
        assertThatThrownBy(() -> put("{\"max\": 0}"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("max must be a whole number from 1 to 100");
        fleet.setBounds(2, 4);
        assertThatThrownBy(() -> put("{\"max\": 1}"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("min (2) must not be more than max (1)");
        assertThat(fleet.view().bounds()).hasValue(new FleetView.Bounds(2, 4));
    }

    @Test
    void instanceTypesAreCheckedAndNormalisedAndCapacityKeptWhenNotGiven() {
        FleetView view = put("{\"instance_types\": [\"G6.XLARGE\", \"g6.xlarge\", \"g5.2xlarge\"]}");

        assertThat(view.group().orElseThrow().instanceTypes()).containsExactly("g6.xlarge", "g5.2xlarge");
        assertThat(view.group().orElseThrow().capacity()).isEqualTo(Capacity.SPOT);
        assertThatThrownBy(() -> put("{\"instance_types\": [\"p4d.24xlarge\"]}"))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("Unknown GPU instance type 'p4d.24xlarge'");
        assertThatThrownBy(() -> put("{\"instance_types\": []}")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> put("{\"instance_types\": \"g5.xlarge\"}")).isInstanceOf(ValidationException.class);
    }

    @Test
    void wrongTypesAndEmptyBodiesAreRefused() {
        assertThatThrownBy(() -> put("{\"min\": \"1\"}")).hasMessageContaining("min must be a whole number");
        assertThatThrownBy(() -> put("{\"min\": 1.5}")).hasMessageContaining("min must be a whole number");
        assertThatThrownBy(() -> put("{\"desired\": -1}")).hasMessageContaining("desired must be a whole number");
        assertThatThrownBy(() -> put("{}")).hasMessageContaining("Name at least one of");
        assertThatThrownBy(() -> put("[1]")).hasMessageContaining("must be a JSON object");
    }

    @Test
    void startKeepsCountWarmAndStopDrainsToZero() {
        FleetView started = service.start(2);

        assertThat(started.bounds()).hasValue(new FleetView.Bounds(2, 4));
        assertThat(started.service().desired()).isEqualTo(2);
        assertThat(started.group().orElseThrow().desired()).isEqualTo(2);
        assertThatThrownBy(() -> service.start(5))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("more than the fleet's max (4)");

        FleetView stopped = service.stop();

        assertThat(stopped.bounds()).hasValue(new FleetView.Bounds(0, 4));
        assertThat(stopped.service().desired()).isZero();
    }

    @Test
    void startNeverLowersABusyFleet() {
        fleet.setDesired(3);

        assertThat(service.start(1).service().desired()).isEqualTo(3);
    }

    @Test
    void aStackWithoutAFleetAnswers503() {
        FleetService none = new FleetService(Optional.empty());

        assertThat(none.view()).isEmpty();
        assertThatThrownBy(none::stop).isInstanceOf(ServiceUnavailableException.class);
    }
}
