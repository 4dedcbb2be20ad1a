package io.comfyless.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.contract.Table;
import io.comfyless.core.fleet.FleetSettings;
import io.comfyless.core.worker.DynamoWorkerRegistry;
import io.comfyless.core.worker.Worker;
import io.comfyless.core.worker.WorkerState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Detailed health, metrics and the fleet view of a stack without an ECS service, over real HTTP. */
class MonitoringApiIT {

    private static final long GIB = 1024L * 1024 * 1024;
    private static ResourceStack stack;

    @BeforeAll
    static void start() {
        // A stack that names no runner service: the fleet is what the worker records say.
        stack = ResourceStack.start(Map.of(FleetSettings.ECS_CLUSTER, "", FleetSettings.ECS_SERVICE, ""));
        DynamoWorkerRegistry workers =
                new DynamoWorkerRegistry(stack.aws.dynamo(), stack.config.table(Table.WORKERS), Clock.systemUTC());
        Instant now = Instant.now();
        workers.report(new Worker(
                "runner-busy",
                WorkerState.RUNNING,
                "g5.xlarge",
                "spot",
                "exec_1",
                4,
                0,
                now,
                now,
                "NVIDIA A10G",
                24 * GIB,
                6 * GIB,
                "0.3.64",
                null,
                null,
                null,
                null));
        workers.report(new Worker(
                "runner-idle",
                WorkerState.IDLE,
                "g5.xlarge",
                "spot",
                null,
                2,
                1,
                now,
                now,
                "NVIDIA A10G",
                24 * GIB,
                18 * GIB,
                "0.3.64",
                null,
                null,
                null,
                null));
        Instant silentSince = now.minus(Duration.ofMinutes(1));
        workers.report(new Worker(
                "runner-silent",
                WorkerState.RUNNING,
                "g5.xlarge",
                "spot",
                "exec_9",
                7,
                0,
                silentSince,
                silentSince,
                "NVIDIA A10G",
                24 * GIB,
                6 * GIB,
                "0.3.64",
                null,
                null,
                null,
                null));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void detailedHealthProbesEachServiceAndCountsLiveRunners() {
        HttpCalls.Reply health = stack.http.get("/health/detailed");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("healthy");
        assertThat(health.json().get("services").findValuesAsText("name"))
                .containsExactly("dynamodb", "sqs", "s3", "comfyui");
        for (JsonNode service : health.json().get("services")) {
            assertThat(service.get("status").asText())
                    .as("records written without a ComfyUI probe say nothing about ComfyUI")
                    .isEqualTo(service.get("name").asText().equals("comfyui") ? "unknown" : "healthy");
            assertThat(service.get("response_time_ms").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(service.get("error").isNull()).isTrue();
        }
        assertThat(health.json().get("workers").get("total").asInt()).isEqualTo(2);
        assertThat(health.json().get("workers").get("busy").asInt()).isEqualTo(1);
        assertThat(health.json().get("uptime_seconds").asDouble()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aRunnerThatStoppedReportingIsShownGoneWithoutItsJobAndNotCounted() {
        HttpCalls.Reply workers = stack.http.get("/v1/workers");

        JsonNode silent = null;
        for (JsonNode worker : workers.json().get("workers")) {
            if (worker.get("id").asText().equals("runner-silent")) {
                silent = worker;
            }
        }
        assertThat(silent).isNotNull();
        assertThat(silent.get("status").asText()).isEqualTo("gone");
        assertThat(silent.path("current_job").asText(null)).isNull();
        assertThat(stack.http
                        .get("/health/detailed")
                        .json()
                        .get("workers")
                        .get("total")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void metricsReportExecutionsQueueRunnersAndGpuMemory() {
        HttpCalls.Reply metrics = stack.http.get("/metrics");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.json().get("active_executions").asInt()).isEqualTo(1);
        assertThat(metrics.json().get("queue_size").asLong()).isZero();
        assertThat(metrics.json().get("gpu_memory_total_bytes").asLong()).isEqualTo(48 * GIB);
        assertThat(metrics.json().get("gpu_memory_free_bytes").asLong()).isEqualTo(24 * GIB);
        assertThat(metrics.json().get("gpu_memory_usage_percent").asDouble()).isEqualTo(50.0);
        assertThat(metrics.json().get("workers").get("idle").asInt()).isEqualTo(1);
        assertThat(metrics.json().has("average_execution_time_seconds")).isTrue();
    }

    @Test
    void theFleetWithoutAnEcsServiceIsItsWorkerRecords() {
        HttpCalls.Reply fleet = stack.http.get("/v1/fleet");

        assertThat(fleet.status()).isEqualTo(200);
        assertThat(fleet.json().has("service")).isFalse();
        assertThat(fleet.json().get("workers").findValuesAsText("id"))
                .containsExactlyInAnyOrder("runner-busy", "runner-idle");
        assertThat(fleet.json().get("summary").get("scaling").asText()).isEqualTo("unmanaged");
    }
}
