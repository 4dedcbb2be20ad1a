package io.comfyless.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.fleet.FleetSettings;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.aws.LocalResources;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;

/** {@code GET /v1/fleet} reading a real (emulated) ECS runner service. */
class FleetApiIT {

    private static ResourceStack stack;
    private static EcsClient ecs;
    private static String cluster;

    @BeforeAll
    static void start() {
        LocalResources resources = AwsEmulator.freshResources();
        cluster = resources.prefix() + "-gpu";
        stack = ResourceStack.start(
                resources, Map.of(FleetSettings.ECS_CLUSTER, cluster, FleetSettings.ECS_SERVICE, "runner"));
        ecs = stack.aws.ecs();
        ecs.createCluster(request -> request.clusterName(cluster));
        String taskDefinition = ecs.registerTaskDefinition(request -> request.family(resources.prefix() + "-runner")
                        .containerDefinitions(container -> container
                                .name("runner")
                                .image("comfyless/runner")
                                .memory(512)))
                .taskDefinition()
                .taskDefinitionArn();
        ecs.createService(request -> request.cluster(cluster)
                .serviceName("runner")
                .taskDefinition(taskDefinition)
                .desiredCount(2));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void showsWhatEcsWantsAndRunsForTheRunnerService() {
        HttpCalls.Reply fleet = stack.http.get("/v1/fleet");

        assertThat(fleet.status()).isEqualTo(200);
        JsonNode service = fleet.json().get("service");
        assertThat(service.get("cluster").asText()).isEqualTo(cluster);
        assertThat(service.get("service").asText()).isEqualTo("runner");
        assertThat(service.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(service.get("desired").asInt()).isEqualTo(2);
        assertThat(service.get("running").asInt() + service.get("pending").asInt())
                .isEqualTo(2);
        assertThat(fleet.json().get("summary").get("desired_tasks").asInt()).isEqualTo(2);
        assertThat(fleet.json().get("workers")).isEmpty();
    }

    @Test
    void followsTheServiceWhenScalingChangesIt() {
        ecs.updateService(request -> request.cluster(cluster).service("runner").desiredCount(0));
        try {
            HttpCalls.Reply fleet = stack.http.get("/v1/fleet");

            assertThat(fleet.json().get("service").get("desired").asInt()).isZero();
            assertThat(fleet.json().get("summary").get("scaling").asText()).isEqualTo("idle");
        } finally {
            ecs.updateService(
                    request -> request.cluster(cluster).service("runner").desiredCount(2));
        }
    }
}
