package io.comfyless.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.contract.Bucket;
import io.comfyless.contract.Events;
import io.comfyless.contract.Queue;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.Progress;
import io.comfyless.core.json.Json;
import io.comfyless.testkit.comfyui.NodeTarget;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What a runner reports of a sampling job for live clients, read where the fan-out reads it: the
 * live-events queue behind the bus rule, and the previews in the bucket.
 */
class LiveReportsIT {

    private static final int STEPS = 12;
    private static final Duration STEP = Duration.ofMillis(200);
    private final RunnerStack stack = new RunnerStack();

    @AfterEach
    void stop() {
        stack.close();
    }

    /** Live events of {@code jobId} from the queue, until its completion arrived. */
    private List<JsonNode> eventsUntilCompleted(String jobId) {
        List<JsonNode> events = new ArrayList<>();
        String queue = stack.runtime.queueUrl(Queue.LIVE_EVENTS);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (Message message : stack.aws
                    .sqs()
                    .receiveMessage(
                            r -> r.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages()) {
                JsonNode event = Json.read(message.body());
                if (jobId.equals(event.at("/detail/execution_id").asText())) {
                    events.add(event);
                }
                stack.aws.sqs().deleteMessage(r -> r.queueUrl(queue).receiptHandle(message.receiptHandle()));
            }
            return events.stream().anyMatch(e -> e.at("/detail/status").asText().equals("completed"));
        });
        return events;
    }

    private static List<JsonNode> ofType(List<JsonNode> events, String detailType) {
        return events.stream()
                .filter(e -> e.path("detail-type").asText().equals(detailType))
                .toList();
    }

    @Test
    void aSamplingJobReportsItsStepsWithAnEstimateAndAtMostOnePreviewASecond() throws IOException {
        stack.comfyui.faults().sample(NodeTarget.ofClass("ImageInvert"), STEPS, STEP);
        stack.startRunner("live-1");

        Job job = stack.submit(RunnerStack.invertWorkflow("live/sampled"));
        List<JsonNode> events = eventsUntilCompleted(job.id());

        Job done = stack.job(job.id());
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        Duration ran = Duration.between(done.startedAt(), done.completedAt());
        List<JsonNode> progress = ofType(events, Events.JOB_PROGRESS);
        // Live reports at most four a second, and the progress each heartbeat stores (RunnerStack: 200 ms).
        assertThat(progress.size())
                .as("a few a second at most, not one per step and message")
                .isBetween(3, (int) (ran.toMillis() / 250 + ran.toMillis() / 200) + 2);
        assertThat(progress.stream()
                        .map(e -> e.at("/detail/progress/percentage").asDouble()))
                .isSorted();
        assertThat(progress)
                .as("mid-sampling, the runner knows how long the rest takes")
                .anySatisfy(e -> {
                    assertThat(e.at("/detail/progress/current_step").asInt()).isBetween(2, STEPS - 1);
                    assertThat(e.at("/detail/progress/eta_seconds").asLong()).isPositive();
                });
        assertThat(progress)
                .allSatisfy(e -> assertThat(e.at("/detail/tenant").asText()).isEqualTo("tenant-a"));

        List<JsonNode> previews = ofType(events, Events.JOB_PREVIEW);
        long seconds = (ran.toMillis() + 999) / 1000;
        assertThat(previews.size()).as("one a second at most").isBetween(1, (int) seconds + 1);
        for (JsonNode preview : previews) {
            String key = preview.at("/detail/preview/key").asText();
            assertThat(key).startsWith(Bucket.PREVIEWS_PREFIX + job.id() + "/" + done.attempt() + "/");
            assertThat(preview.at("/detail/preview/content_type").asText()).isEqualTo("image/jpeg");
            BufferedImage image =
                    ImageIO.read(new ByteArrayInputStream(stack.blobs.get(key).orElseThrow()));
            assertThat(Math.max(image.getWidth(), image.getHeight())).isLessThanOrEqualTo(512);
        }

        Progress stored = done.progress();
        assertThat(stored.percentage())
                .as("a completed job's stored progress is whole; its previews stay in the bucket")
                .isEqualTo(100.0);
    }
}
