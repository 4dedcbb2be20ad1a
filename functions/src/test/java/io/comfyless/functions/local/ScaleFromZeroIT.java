package io.comfyless.functions.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.comfyless.core.config.Adapters;
import io.comfyless.core.fleet.FleetControl;
import io.comfyless.core.fleet.FleetView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Submitting to an idle fleet starts it at once, through the API as deployed: the emulated runner
 * service and Auto Scaling group are read back from the emulator after the submit returns.
 */
class ScaleFromZeroIT {

    private ResourceStack stack;
    private FleetControl fleet;

    @BeforeEach
    void start() {
        stack = ResourceStack.start(Map.of());
        fleet = new Adapters(stack.config, stack.aws).fleetControl().orElseThrow();
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void aSubmitOnAnEmptyFleetRaisesTheDesiredCountWithinOneSecond() {
        assertThat(fleet.view().service().desired()).isZero();
        assertThat(fleet.view().group().orElseThrow().desired()).isZero();

        HttpCalls.Reply submitted = stack.http.post("/v1/workflows/execute", SecuredStack.TINY);

        assertThat(submitted.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(1)).until(() -> {
            FleetView view = fleet.view();
            return view.service().desired() == 1 && view.group().orElseThrow().desired() == 1;
        });
    }

    @Test
    void aBurstOfSubmitsStartsOneRunnerNotOnePerJob() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Callable<Integer>> submits = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            submits.add(() ->
                    stack.http.post("/v1/workflows/execute", SecuredStack.TINY).status());
        }
        try {
            for (Future<Integer> status : clients.invokeAll(submits)) {
                assertThat(status.get()).isEqualTo(202);
            }
        } finally {
            clients.shutdownNow();
        }

        await().atMost(Duration.ofSeconds(1)).until(() -> fleet.view().service().desired() == 1);
        FleetView view = fleet.view();
        assertThat(view.service().desired()).isEqualTo(1);
        assertThat(view.group().orElseThrow().desired()).isEqualTo(1);
    }

    @Test
    void aServiceThatAlreadyWantsRunnersIsNotLoweredButItsEmptyGroupIsRaised() {
        fleet.setDesired(3);

        stack.http.post("/v1/workflows/execute", SecuredStack.TINY);

        // The instance group, still at zero, is raised.
        await().atMost(Duration.ofSeconds(1))
                .until(() -> fleet.view().group().orElseThrow().desired() == 1);
        assertThat(fleet.view().service().desired()).as("never lowered").isEqualTo(3);
    }
}
