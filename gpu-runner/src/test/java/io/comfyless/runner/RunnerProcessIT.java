package io.comfyless.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.comfyless.contract.Queue;
import io.comfyless.contract.Table;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.worker.DynamoWorkerRegistry;
import io.comfyless.core.worker.WorkerState;
import io.comfyless.testkit.comfyui.NodeTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runners as real processes, killed and stopped the way ECS and the OOM killer do it. */
class RunnerProcessIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private RunnerStack stack;

    @BeforeEach
    void start() {
        stack = new RunnerStack();
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    private void awaitExecuting(String classType) {
        await().atMost(PATIENCE)
                .until(() -> stack.comfyui.executions().nodeRuns().stream()
                        .anyMatch(run -> run.classType().equals(classType)));
    }

    @Test
    void aJobWhoseRunnerIsKilledCompletesOnAnotherRunnerAsAttemptTwoWithOutputsWrittenOnce() {
        stack.comfyui.faults().delay(NodeTarget.ofClass("ImageInvert"), Duration.ofSeconds(3));
        Job job = stack.submit(RunnerStack.invertWorkflow("killed"));
        Process doomed = stack.startRunnerProcess("doomed", Map.of());
        await().atMost(PATIENCE).until(() -> stack.job(job.id()).status() == JobStatus.RUNNING);
        awaitExecuting("ImageInvert");

        doomed.destroyForcibly();
        stack.startRunner("survivor");

        await().atMost(PATIENCE).until(() -> stack.job(job.id()).status() == JobStatus.COMPLETED);
        Job done = stack.job(job.id());
        assertThat(done.attempt()).isEqualTo(2);
        assertThat(done.workerId()).isEqualTo("survivor");
        List<String> stored = stack.blobs.list("outputs/" + job.id() + "/");
        assertThat(stored).hasSize(1).allSatisfy(key -> assertThat(key).startsWith("outputs/" + job.id() + "/2/"));
        assertThat(done.outputs()).extracting(o -> o.key()).containsExactlyElementsOf(stored);
    }

    @Test
    void aRunnerKilledOutrightIsShownGoneWithoutItsJobWithinThirtySeconds() {
        stack.comfyui.faults().delay(NodeTarget.ofClass("ImageInvert"), Duration.ofSeconds(60));
        Job job = stack.submit(RunnerStack.invertWorkflow("vanishing"));
        Process doomed = stack.startRunnerProcess("vanishing", Map.of());
        DynamoWorkerRegistry workers =
                new DynamoWorkerRegistry(stack.aws.dynamo(), stack.runtime.table(Table.WORKERS), Clock.systemUTC());
        await().atMost(PATIENCE)
                .until(() -> workers.find("vanishing")
                        .filter(w -> job.id().equals(w.currentJob()))
                        .isPresent());

        doomed.destroyForcibly();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(workers.find("vanishing")).hasValueSatisfying(worker -> {
                    assertThat(worker.state()).isEqualTo(WorkerState.GONE);
                    assertThat(worker.currentJob()).isNull();
                    assertThat(worker.live()).isFalse();
                }));
    }

    @Test
    void sigtermHandsARunningJobBackToTheQueueWithinFiveSeconds() {
        stack.comfyui.faults().sample(NodeTarget.ofClass("ImageInvert"), 600, Duration.ofMillis(100));
        Job job = stack.submit(RunnerStack.invertWorkflow("drained"));
        Process runner = stack.startRunnerProcess("drained", Map.of("COMFYLESS_DRAIN_GRACE_SECONDS", "4"));
        await().atMost(PATIENCE).until(() -> stack.job(job.id()).status() == JobStatus.RUNNING);
        awaitExecuting("ImageInvert");

        Instant sigterm = Instant.now();
        runner.destroy();

        // The store is written first, then the message released: a runner that saw the message while the
        // job still looked held would drop it.
        String lane = stack.resources.get(Queue.JOBS_NORMAL.envVar());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> stack.job(job.id()).status() == JobStatus.PENDING
                        && stack
                                .aws
                                .sqs()
                                .receiveMessage(r -> r.queueUrl(lane).visibilityTimeout(0))
                                .messages()
                                .stream()
                                .anyMatch(m -> m.body().contains(job.id())));
        assertThat(Duration.between(sigterm, Instant.now())).isLessThan(Duration.ofSeconds(5));
        Job released = stack.job(job.id());
        assertThat(released.attempt())
                .as("being preempted does not use up an attempt")
                .isEqualTo(1);
        assertThat(released.workerId()).isNull();
        await().atMost(PATIENCE).until(() -> !runner.isAlive());
        assertThat(new DynamoWorkerRegistry(stack.aws.dynamo(), stack.runtime.table(Table.WORKERS), Clock.systemUTC())
                        .find("drained"))
                .hasValueSatisfying(worker -> assertThat(worker.state().wire()).isEqualTo("terminating"));
    }

    @Test
    void aDrainedJobFinishesOnTheNextRunner() {
        stack.comfyui.faults().sample(NodeTarget.ofNode("2"), 600, Duration.ofMillis(100));
        Job job = stack.submit(RunnerStack.invertWorkflow("handover"));
        Process runner = stack.startRunnerProcess("first", Map.of());
        awaitExecuting("ImageInvert");
        runner.destroy();
        await().atMost(PATIENCE).until(() -> stack.job(job.id()).status() == JobStatus.PENDING);

        stack.comfyui.faults().clear();
        stack.startRunner("second");

        await().atMost(PATIENCE).until(() -> stack.job(job.id()).status() == JobStatus.COMPLETED);
        assertThat(stack.job(job.id()).workerId()).isEqualTo("second");
    }
}
