package io.comfyless.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.contract.Table;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.fleet.Capacity;
import io.comfyless.core.fleet.FleetControl;
import io.comfyless.core.fleet.FleetView;
import io.comfyless.core.fleet.GroupCapacity;
import io.comfyless.core.tenant.IssuedApiKey;
import io.comfyless.core.worker.DynamoWorkerRegistry;
import io.comfyless.core.worker.SetupStage;
import io.comfyless.core.worker.SetupStep;
import io.comfyless.core.worker.Worker;
import io.comfyless.core.worker.WorkerState;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fleet routes over real HTTP, with authentication on, acting on the emulated fleet (the runner
 * service in ECS, its scaling bounds, the Auto Scaling group of GPU instances), which the test reads
 * back from the emulator itself.
 */
class FleetApiIT {

    private static ResourceStack stack;
    private static FleetControl fleet;
    private static Map<String, String> operator;
    private static Map<String, String> tenant;

    @BeforeAll
    static void start() {
        String operatorTenant = ResourceStack.newTenant();
        stack = ResourceStack.start(ResourceStack.authenticated(operatorTenant));
        fleet = new Adapters(stack.config, stack.aws).fleetControl().orElseThrow();
        operator = ResourceStack.bearer(stack.secretKey(operatorTenant));
        IssuedApiKey other = stack.secretKey(ResourceStack.newTenant());
        tenant = ResourceStack.bearer(other);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @BeforeEach
    void idleFleet() {
        fleet.setBounds(0, 4);
        fleet.setDesired(0);
        fleet.setInstances(List.of("g4dn.xlarge", "g5.xlarge", "g6.xlarge"), Capacity.SPOT);
    }

    @Test
    void showsTheServiceItsBoundsTheInstancesAndEachWorkersSetupStages() {
        Instant launched = Instant.parse("2031-01-06T08:00:00Z");
        new DynamoWorkerRegistry(stack.aws.dynamo(), stack.config.table(Table.WORKERS), Clock.systemUTC())
                .report(new Worker(
                        "runner-booting",
                        WorkerState.STARTING,
                        "g5.xlarge",
                        "spot",
                        null,
                        0,
                        0,
                        Instant.now(),
                        Instant.now(),
                        null,
                        null,
                        null,
                        null,
                        List.of(
                                new SetupStep(SetupStage.STARTING_COMFYUI, launched.plusSeconds(70)),
                                new SetupStep(SetupStage.LAUNCHING, launched),
                                new SetupStep(SetupStage.PULLING_IMAGE, launched.plusSeconds(25))),
                        null,
                        null,
                        null));

        HttpCalls.Reply reply = stack.http.get("/v1/fleet", tenant);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.at("/service/desired").asInt()).isZero();
        assertThat(body.at("/settings/min").asInt()).isZero();
        assertThat(body.at("/settings/max").asInt()).isEqualTo(4);
        assertThat(body.at("/settings/capacity").asText()).isEqualTo("spot");
        assertThat(body.at("/settings/instance_types").toString())
                .isEqualTo("[\"g4dn.xlarge\",\"g5.xlarge\",\"g6.xlarge\"]");
        assertThat(body.at("/instances/desired").asInt()).isZero();
        assertThat(body.at("/summary/scaling").asText()).isEqualTo("idle");
        JsonNode worker = body.get("workers").get(0);
        assertThat(worker.get("setup_stage").asText()).isEqualTo("starting_comfyui");
        assertThat(worker.get("setup").findValuesAsText("stage"))
                .containsExactly("launching", "pulling_image", "starting_comfyui");
        assertThat(worker.get("setup").get(0).get("at").asText()).isEqualTo("2031-01-06T08:00:00Z");
        assertThat(stack.http
                        .get("/v1/workers", tenant)
                        .json()
                        .at("/workers/0/setup_stage")
                        .asText())
                .isEqualTo("starting_comfyui");
    }

    @Test
    void anOperatorSetsBoundsInstanceTypesAndCapacity() {
        HttpCalls.Reply reply = stack.http.put(
                "/v1/fleet",
                "{\"min\": 1, \"max\": 3, \"instance_types\": [\"g6.xlarge\", \"g5.2xlarge\"], \"capacity\": \"on-demand\"}",
                operator);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().at("/settings/min").asInt()).isEqualTo(1);
        FleetView view = fleet.view();
        assertThat(view.bounds()).hasValue(new FleetView.Bounds(1, 3));
        assertThat(view.service().desired()).as("raised to the new minimum").isEqualTo(1);
        GroupCapacity group = view.group().orElseThrow();
        assertThat(group.instanceTypes()).containsExactly("g6.xlarge", "g5.2xlarge");
        assertThat(group.capacity()).isEqualTo(Capacity.ON_DEMAND);
        assertThat(group.max()).isEqualTo(3);

        HttpCalls.Reply nulls = stack.http.put(
                "/v1/fleet", "{\"max\": 4, \"min\": null, \"instance_types\": null, \"capacity\": null}", operator);
        assertThat(nulls.status()).as("null members stay as they are").isEqualTo(200);
        assertThat(nulls.json().at("/settings/min").asInt()).isEqualTo(1);
        assertThat(nulls.json().at("/settings/capacity").asText()).isEqualTo("on-demand");
    }

    @Test
    void badFleetSettingsAreClearFourHundreds() {
        assertThat(error(stack.http.put("/v1/fleet", "{\"min\": 3, \"max\": 2}", operator)))
                .contains("min (3) must not be more than max (2)");
        assertThat(error(stack.http.put("/v1/fleet", "{\"min\": 5}", operator)))
                .contains("min (5) must not be more than max (4)");
        assertThat(error(stack.http.put("/v1/fleet", "{\"instance_types\": [\"t3.micro\"]}", operator)))
                .contains("Unknown GPU instance type 't3.micro'")
                .contains("g5.xlarge");
        assertThat(error(stack.http.put("/v1/fleet", "{\"capacity\": \"reserved\"}", operator)))
                .contains("\"spot\" or \"on-demand\"");
        assertThat(error(stack.http.put("/v1/fleet", "{\"desired\": 9}", operator)))
                .contains("desired (9) must be from min (0) to max (4)");
        assertThat(error(stack.http.put("/v1/fleet", "{\"size\": 2}", operator)))
                .contains("Unknown field 'size'");
        assertThat(error(stack.http.post("/v1/fleet/start", "{\"count\": 9}", operator)))
                .contains("count (9) is more than the fleet's max (4)");
        assertThat(error(stack.http.post("/v1/fleet/schedules", "{\"start\": \"cron(0 9 30 2 ? *)\"}", operator)))
                .contains("start never fires");
        assertThat(error(stack.http.post(
                        "/v1/fleet/schedules",
                        "{\"start\": \"cron(0 9 ? * MON-FRI *)\", \"timezone\": \"Mars/Olympus\"}",
                        operator)))
                .contains("timezone must be an IANA time zone");
        assertThat(fleet.view().bounds()).as("nothing changed").hasValue(new FleetView.Bounds(0, 4));
    }

    @Test
    void startKeepsRunnersWarmAndLaunchesTheirInstancesStopDrainsToZero() {
        HttpCalls.Reply started = stack.http.post("/v1/fleet/start", "{\"count\": 2}", operator);

        assertThat(started.status()).isEqualTo(202);
        FleetView warm = fleet.view();
        assertThat(warm.bounds()).hasValue(new FleetView.Bounds(2, 4));
        assertThat(warm.service().desired()).isEqualTo(2);
        assertThat(warm.group().orElseThrow().desired()).isEqualTo(2);

        HttpCalls.Reply stopped = stack.http.post("/v1/fleet/stop", "", operator);

        assertThat(stopped.status()).isEqualTo(202);
        assertThat(fleet.view().bounds()).hasValue(new FleetView.Bounds(0, 4));
        assertThat(fleet.view().service().desired()).isZero();
    }

    @Test
    void fleetSchedulesAreCreatedListedAndDeleted() {
        HttpCalls.Reply created = stack.http.post(
                "/v1/fleet/schedules",
                "{\"start\": \"cron(0 9 ? * MON-FRI *)\", \"stop\": \"cron(0 18 ? * MON-FRI *)\","
                        + " \"timezone\": \"Europe/Berlin\", \"count\": 1}",
                operator);

        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.raw().headers().firstValue("Location")).hasValue("/v1/fleet/schedules/" + id);
        assertThat(stack.http
                        .get("/v1/fleet/schedules", operator)
                        .json()
                        .get("schedules")
                        .findValuesAsText("id"))
                .contains(id);
        assertThat(stack.http
                        .get("/v1/fleet/schedules/" + id, operator)
                        .json()
                        .get("timezone")
                        .asText())
                .isEqualTo("Europe/Berlin");
        assertThat(stack.http.delete("/v1/fleet/schedules/" + id, operator).status())
                .isEqualTo(200);
        assertThat(stack.http.get("/v1/fleet/schedules/" + id, operator).status())
                .isEqualTo(404);
    }

    @Test
    void onlyOperatorsChangeTheFleet() {
        assertThat(stack.http.put("/v1/fleet", "{\"max\": 8}", tenant).status()).isEqualTo(403);
        assertThat(stack.http.post("/v1/fleet/start", "", tenant).status()).isEqualTo(403);
        assertThat(stack.http.post("/v1/fleet/stop", "", tenant).status()).isEqualTo(403);
        assertThat(stack.http.get("/v1/fleet/schedules", tenant).status()).isEqualTo(403);
        assertThat(stack.http.put("/v1/fleet", "{\"max\": 8}", Map.of()).status())
                .isEqualTo(401);
        assertThat(fleet.view().bounds()).hasValue(new FleetView.Bounds(0, 4));
    }

    private static String error(HttpCalls.Reply reply) {
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).isEqualTo("validation_error");
        return reply.json().get("message").asText();
    }
}
