package io.comfyless.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.health.HealthChecker;
import io.comfyless.core.health.Probe;
import io.comfyless.core.json.Json;
import io.comfyless.core.worker.Worker;
import io.comfyless.core.worker.WorkerRegistry;
import io.comfyless.core.worker.WorkerState;
import io.comfyless.functions.auth.Access;
import io.comfyless.functions.http.ApiRequest;
import io.comfyless.functions.http.ApiResponse;
import io.comfyless.functions.http.Router;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class MonitoringRoutesTest {

    private static final WorkerRegistry NO_WORKERS = new WorkerRegistry() {
        @Override
        public void report(Worker worker) {}

        @Override
        public Optional<Worker> find(String id) {
            return Optional.empty();
        }

        @Override
        public List<Worker> list() {
            return List.of();
        }

        @Override
        public void signalModels(long generation) {}
    };

    private static Probe probe(String name, Runnable check) {
        return new Probe() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void check() {
                check.run();
            }
        };
    }

    private static JsonNode body(ApiResponse response) {
        return Json.read(response.body());
    }

    private static ApiResponse detailed(HealthChecker checker) {
        return detailed(checker, NO_WORKERS);
    }

    private static ApiResponse detailed(HealthChecker checker, WorkerRegistry workers) {
        Router router = new Router();
        new MonitoringRoutes(checker, null, workers, Access.open(Clock.systemUTC()), Clock.systemUTC())
                .register(router);
        return router.dispatch(ApiRequest.text("GET", "/health/detailed", Map.of(), null, "req_1", "127.0.0.1"));
    }

    @Test
    void aFailingDependencyMakesIt503WithTheSameBodyNamingTheError() {
        ApiResponse response = detailed(new HealthChecker(
                List.of(probe("dynamodb", () -> {}), probe("s3", () -> {
                    throw new IllegalStateException("NoSuchBucket: the bucket is gone");
                })),
                Duration.ofSeconds(2)));

        assertThat(response.status()).isEqualTo(503);
        JsonNode body = body(response);
        assertThat(body.get("status").asText()).isEqualTo("unhealthy");
        assertThat(body.get("services").get(0).get("status").asText()).isEqualTo("healthy");
        assertThat(body.get("services").get(1).get("status").asText()).isEqualTo("unhealthy");
        assertThat(body.get("services").get(1).get("error").asText()).contains("NoSuchBucket");
        assertThat(body.get("workers").get("total").asInt()).isZero();
    }

    @Test
    void aDependencyThatHangsIsReportedWithoutHangingTheCheck() {
        CountDownLatch never = new CountDownLatch(1);
        ApiResponse response = detailed(new HealthChecker(
                List.of(probe("sqs", () -> {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })),
                Duration.ofMillis(200)));

        assertThat(response.status()).isEqualTo(503);
        assertThat(body(response).get("services").get(0).get("error").asText()).contains("no answer within 200 ms");
    }

    @Test
    void aRunnerWhoseComfyUiDoesNotAnswerIsCountedApart() {
        Worker cut = new Worker(
                "runner-1",
                WorkerState.COMFYUI_UNAVAILABLE,
                "g5.xlarge",
                "spot",
                null,
                3,
                0,
                Instant.EPOCH,
                Instant.EPOCH,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        WorkerRegistry oneCut = new WorkerRegistry() {
            @Override
            public void report(Worker worker) {}

            @Override
            public Optional<Worker> find(String id) {
                return Optional.of(cut);
            }

            @Override
            public List<Worker> list() {
                return List.of(cut);
            }

            @Override
            public void signalModels(long generation) {}
        };

        JsonNode workers = body(detailed(new HealthChecker(List.of(), Duration.ofSeconds(2)), oneCut))
                .get("workers");

        assertThat(workers.get("comfyui_unavailable").asInt()).isEqualTo(1);
        assertThat(workers.get("idle").asInt()).isZero();
        assertThat(workers.get("by_state").get("comfyui_unavailable").asInt()).isEqualTo(1);
    }
}
