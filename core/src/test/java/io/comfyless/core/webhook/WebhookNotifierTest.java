package io.comfyless.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.cost.InstancePrice;
import io.comfyless.core.events.JobChange;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobMetrics;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.Notification;
import io.comfyless.core.job.Progress;
import io.comfyless.core.json.Json;
import io.comfyless.core.workflow.Workflow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {

    private final List<WebhookMessage> sent = new ArrayList<>();
    private final MovableClock clock = new MovableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final WebhookNotifier notifier = new WebhookNotifier(new RecordingQueue(sent), clock);

    private static Job job(JobStatus status, boolean progress) {
        return Job.builder()
                .id("exec_1")
                .owner("tenant-a")
                .status(status)
                .workflow(Workflow.of(
                        (ObjectNode) Json.read("{\"1\": {\"class_type\": \"EmptyImage\", \"inputs\": {}}}")))
                .notification(new Notification("https://hooks.example.com/in", null, progress))
                .createdAt(Instant.parse("2025-01-01T00:00:00Z"))
                .build();
    }

    private static Progress progress(double percent) {
        return new Progress(percent, "1", "EmptyImage", 1, 10, 0, 1, Instant.now(), null, null);
    }

    @Test
    void startCompletionFailureAndCancellationEachBecomeOneEvent() {
        notifier.changed(new JobChange(job(JobStatus.PENDING, false), null, clock.instant()));
        notifier.changed(new JobChange(job(JobStatus.RUNNING, false), JobStatus.PENDING, clock.instant()));
        notifier.changed(new JobChange(job(JobStatus.COMPLETED, false), JobStatus.RUNNING, clock.instant()));

        assertThat(sent)
                .extracting(WebhookMessage::eventType)
                .containsExactly("execution.started", "execution.completed");
        assertThat(sent)
                .extracting(WebhookMessage::seed001Event)
                .containsExactly("workflow.started", "workflow.completed");
        assertThat(WebhookPayload.render(sent.get(1), 1, 8, "secret", WebhookPayload.OutputUrls.NONE))
                .contains("\"execution_id\": \"exec_1\"")
                .contains("\"delivery_attempt\": 1");
    }

    @Test
    void aCompletedJobsEventCarriesItsGpuTimeMemoryPeakAndCost() {
        Job completed = job(JobStatus.COMPLETED, false).toBuilder()
                .metrics(new JobMetrics(
                        1.0,
                        5.0,
                        3.6,
                        3L * 1024 * 1024 * 1024,
                        0.5,
                        new InstancePrice(
                                "g5.xlarge", "spot", "us-east-1", 1.0, "ec2-spot-price-history", Instant.now())))
                .build();

        notifier.changed(new JobChange(completed, JobStatus.RUNNING, clock.instant()));

        ObjectNode metrics = (ObjectNode) sent.get(0).data().get("metrics");
        assertThat(metrics.get("gpu_time").asDouble()).isEqualTo(3.6);
        assertThat(metrics.get("memory_peak").asText()).isEqualTo("3.0GB");
        assertThat(metrics.get("cost").asDouble())
                .as("3.6 GPU seconds at $1 an hour")
                .isEqualTo(0.001);
    }

    @Test
    void theSameEventOfTheSameAttemptKeepsItsId() {
        notifier.changed(new JobChange(job(JobStatus.FAILED, false), JobStatus.RUNNING, clock.instant()));
        notifier.changed(new JobChange(job(JobStatus.FAILED, false), JobStatus.RUNNING, clock.instant()));

        assertThat(sent.get(0).eventId()).isEqualTo(sent.get(1).eventId()).startsWith("evt_");
    }

    @Test
    void progressIsSentAtMostOncePerIntervalAndOnlyWhenAskedFor() {
        notifier.progressed(job(JobStatus.RUNNING, false), progress(10));
        assertThat(sent).isEmpty();

        notifier.progressed(job(JobStatus.RUNNING, true), progress(10));
        notifier.progressed(job(JobStatus.RUNNING, true), progress(20));
        clock.advance(WebhookNotifier.PROGRESS_INTERVAL.minusMillis(1));
        notifier.progressed(job(JobStatus.RUNNING, true), progress(30));
        clock.advance(Duration.ofMillis(1));
        notifier.progressed(job(JobStatus.RUNNING, true), progress(40));

        assertThat(sent)
                .extracting(WebhookMessage::eventType)
                .containsExactly("execution.progress", "execution.progress");
        assertThat(sent)
                .extracting(m -> m.data().path("progress").path("percentage").asDouble())
                .containsExactly(10.0, 40.0);
    }

    @Test
    void jobsWithoutAWebhookSendNothing() {
        Job silent =
                job(JobStatus.COMPLETED, false).toBuilder().notification(null).build();

        notifier.changed(new JobChange(silent, JobStatus.RUNNING, clock.instant()));

        assertThat(sent).isEmpty();
    }

    private record RecordingQueue(List<WebhookMessage> sent) implements WebhookQueue {
        @Override
        public void send(WebhookMessage message) {
            sent.add(message);
        }

        @Override
        public void sendAll(List<WebhookMessage> messages) {
            sent.addAll(messages);
        }

        @Override
        public List<ReceivedWebhook> receive(int max, Duration wait) {
            return List.of();
        }

        @Override
        public void delete(String receiptHandle) {}

        @Override
        public void retryAfter(String receiptHandle, Duration delay) {}

        @Override
        public void deadLetter(String body) {}
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
