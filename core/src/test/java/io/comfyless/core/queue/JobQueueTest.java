package io.comfyless.core.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.core.job.Lane;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobQueue} must do, run against each of them: {@link InMemoryJobQueueTest},
 * {@link SqsJobQueueIT} (the AWS emulator) and {@link SqsJobQueueLocalStackIT}. Each test gets an
 * empty queue.
 */
abstract class JobQueueTest {

    static final Duration NO_WAIT = Duration.ZERO;
    private JobQueue queue;

    /** A new, empty queue for one test. */
    protected abstract JobQueue newQueue();

    @BeforeEach
    void createQueue() {
        queue = newQueue();
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
    void deletesMessagesOfSeveralLanesTogether() {
        IntStream.range(0, 12).forEach(i -> queue.send(Lane.HIGH, new QueueMessage("h" + i, 1)));
        queue.send(Lane.LOW, new QueueMessage("l", 1));
        List<Delivery> received = new ArrayList<>(drain(Lane.HIGH));
        received.addAll(drain(Lane.LOW));

        queue.deleteAll(received);

        assertThat(received).hasSize(13);
        assertThat(queue.depth().get(Lane.HIGH)).isEqualTo(new QueueDepth(0, 0));
        assertThat(queue.depth().get(Lane.LOW)).isEqualTo(new QueueDepth(0, 0));
    }

    @Test
    void aMessageCarriesItsJobsOwnerWhenItHasOne() {
        queue.send(Lane.LOW, new QueueMessage("exec_4", 2, "tenant-a"));

        assertThat(drain(Lane.LOW))
                .extracting(Delivery::message)
                .contains(Optional.of(new QueueMessage("exec_4", 2, "tenant-a")));
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
