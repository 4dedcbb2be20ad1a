package io.comfyless.core.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Queue;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.job.Lane;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.aws.LocalResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SqsJobQueueIT {

    private static final Duration NO_WAIT = Duration.ZERO;
    private AwsClients aws;
    private LocalResources resources;
    private SqsJobQueue queue;

    @BeforeEach
    void provision() {
        resources = AwsEmulator.freshResources();
        RuntimeConfig config = RuntimeConfig.from(resources.environment()::get);
        aws = new AwsClients(config);
        Map<Lane, String> urls = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            urls.put(lane, config.queueUrl(lane.queue()));
        }
        queue = new SqsJobQueue(aws.sqs(), urls);
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void carriesTheJobIdAndAttempt() {
        queue.send(Lane.HIGH, new QueueMessage("exec_1", 2));

        List<Delivery> received = queue.receive(Lane.HIGH, 10, NO_WAIT, Duration.ofSeconds(30));

        assertThat(received).singleElement().satisfies(delivery -> {
            assertThat(delivery.message()).contains(new QueueMessage("exec_1", 2));
            assertThat(delivery.lane()).isEqualTo(Lane.HIGH);
            assertThat(delivery.receiveCount()).isEqualTo(1);
        });
        assertThat(queue.receive(Lane.NORMAL, 10, NO_WAIT, Duration.ofSeconds(30)))
                .isEmpty();
    }

    @Test
    void aPostponedMessageComesBackLaterAsAFreshReceive() {
        queue.send(Lane.NORMAL, new QueueMessage("exec_later", 1));
        Delivery first =
                queue.receive(Lane.NORMAL, 1, NO_WAIT, Duration.ofSeconds(30)).get(0);

        queue.postpone(first, Duration.ofSeconds(1));

        assertThat(queue.receive(Lane.NORMAL, 1, NO_WAIT, Duration.ofSeconds(30)))
                .isEmpty();
        List<Delivery> later = queue.receive(Lane.NORMAL, 1, Duration.ofSeconds(5), Duration.ofSeconds(30));
        assertThat(later).singleElement().satisfies(delivery -> {
            assertThat(delivery.message()).contains(new QueueMessage("exec_later", 1));
            assertThat(delivery.receiveCount())
                    .as("does not count towards the dead-letter queue")
                    .isEqualTo(1);
        });
    }

    @Test
    void sendsManyInBatchesOfTen() {
        List<QueueMessage> messages = IntStream.range(0, 23)
                .mapToObj(i -> new QueueMessage("exec_" + i, 1))
                .toList();

        queue.sendAll(Lane.LOW, messages);

        assertThat(drain(Lane.LOW))
                .extracting(d -> d.message().orElseThrow())
                .containsExactlyInAnyOrderElementsOf(messages);
    }

    @Test
    void hiddenWhileHeldVisibleAgainWhenReleasedGoneWhenDeleted() {
        queue.send(Lane.NORMAL, new QueueMessage("exec_2", 1));
        Delivery held =
                queue.receive(Lane.NORMAL, 1, NO_WAIT, Duration.ofSeconds(60)).get(0);

        assertThat(queue.receive(Lane.NORMAL, 1, NO_WAIT, Duration.ofSeconds(60)))
                .isEmpty();

        queue.release(held);
        Delivery again =
                queue.receive(Lane.NORMAL, 1, NO_WAIT, Duration.ofSeconds(60)).get(0);
        assertThat(again.receiveCount()).isEqualTo(2);

        queue.delete(again);
        assertThat(queue.receive(Lane.NORMAL, 1, NO_WAIT, Duration.ofSeconds(60)))
                .isEmpty();
    }

    @Test
    void extendingRestartsTheHiddenPeriodFromNow() {
        queue.send(Lane.HIGH, new QueueMessage("exec_3", 1));
        Delivery held =
                queue.receive(Lane.HIGH, 1, NO_WAIT, Duration.ofSeconds(60)).get(0);

        queue.extend(held, Duration.ZERO);

        assertThat(queue.receive(Lane.HIGH, 1, NO_WAIT, Duration.ofSeconds(60)))
                .singleElement()
                .satisfies(d -> assertThat(d.message()).contains(new QueueMessage("exec_3", 1)));
    }

    @Test
    void reportsDepthPerLane() {
        queue.send(Lane.HIGH, new QueueMessage("a", 1));
        queue.send(Lane.HIGH, new QueueMessage("b", 1));
        queue.send(Lane.LOW, new QueueMessage("c", 1));
        queue.receive(Lane.LOW, 1, NO_WAIT, Duration.ofSeconds(60));

        Map<Lane, QueueDepth> depth = queue.depth();

        assertThat(depth.get(Lane.HIGH)).isEqualTo(new QueueDepth(2, 0));
        assertThat(depth.get(Lane.NORMAL)).isEqualTo(new QueueDepth(0, 0));
        assertThat(depth.get(Lane.LOW)).isEqualTo(new QueueDepth(0, 1));
    }

    @Test
    void anUnreadableBodyArrivesAsPoisonAndReachesTheDeadLetterQueueAfterMaxReceives() {
        String url = resources.get(Queue.JOBS_NORMAL.envVar());
        aws.sqs().sendMessage(r -> r.queueUrl(url).messageBody("not json"));

        for (int i = 1; i <= Queue.JOB_MAX_RECEIVES; i++) {
            Delivery poison = queue.receive(Lane.NORMAL, 1, NO_WAIT, Duration.ofSeconds(60))
                    .get(0);
            assertThat(poison.message()).isEmpty();
            assertThat(poison.receiveCount()).isEqualTo(i);
            queue.release(poison);
        }

        assertThat(queue.receive(Lane.NORMAL, 1, NO_WAIT, Duration.ofSeconds(60)))
                .isEmpty();
        var dead = aws.sqs()
                .receiveMessage(r -> r.queueUrl(resources.get(Queue.JOBS_DLQ.envVar())))
                .messages();
        assertThat(dead).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("not json"));
    }

    @Test
    void decodesOnlyWellFormedBodies() {
        assertThat(SqsJobQueue.decode("{\"job_id\":\"x\",\"attempt\":1}")).contains(new QueueMessage("x", 1));
        assertThat(SqsJobQueue.decode("{\"job_id\":\"x\",\"attempt\":0}")).isEmpty();
        assertThat(SqsJobQueue.decode("{\"job_id\":5,\"attempt\":1}")).isEmpty();
        assertThat(SqsJobQueue.decode("[]")).isEmpty();
        assertThat(SqsJobQueue.encode(new QueueMessage("x", 3))).isEqualTo("{\"job_id\":\"x\",\"attempt\":3}");
    }

    private List<Delivery> drain(Lane lane) {
        List<Delivery> all = new ArrayList<>();
        List<Delivery> batch;
        do {
            batch = queue.receive(lane, 10, NO_WAIT, Duration.ofSeconds(60));
            all.addAll(batch);
        } while (!batch.isEmpty());
        return all;
    }
}
