package io.comfyless.core.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.comfyless.contract.Queue;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.job.Lane;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.aws.LocalResources;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link JobQueueTest} contract on {@link SqsJobQueue} against the AWS emulator, plus what
 * only SQS does: unreadable bodies, and the dead-letter queue after too many receives.
 */
class SqsJobQueueIT extends JobQueueTest {

    private AwsClients aws;
    private LocalResources resources;
    private SqsJobQueue queue;

    /** Where the queues are: the default emulator; {@link SqsJobQueueLocalStackIT} says LocalStack. */
    protected LocalResources resources() {
        return AwsEmulator.freshResources();
    }

    @Override
    protected JobQueue newQueue() {
        resources = resources();
        RuntimeConfig config = RuntimeConfig.from(resources.environment()::get);
        aws = new AwsClients(config);
        Map<Lane, String> urls = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            urls.put(lane, config.queueUrl(lane.queue()));
        }
        queue = new SqsJobQueue(aws.sqs(), urls);
        return queue;
    }

    @AfterEach
    void close() {
        if (aws != null) {
            aws.close();
        }
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

    @Test
    void anOwnerThatIsNotTextIsIgnoredNotTrusted() {
        assertThat(SqsJobQueue.decode("{\"job_id\":\"x\",\"attempt\":1,\"owner\":7}"))
                .contains(new QueueMessage("x", 1));
    }
}
