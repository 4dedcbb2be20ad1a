package io.comfyless.core.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.contract.Events;
import io.comfyless.core.events.JobChange;
import io.comfyless.core.events.JobPreviewDetail;
import io.comfyless.core.events.JobStateChangeDetail;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobOutput;
import io.comfyless.core.job.JobPreview;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.json.Json;
import io.comfyless.core.workflow.Workflow;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveEventTest {

    private static final Instant AT = Instant.parse("2026-03-01T12:00:00.123Z");
    private final LiveMessages messages = new LiveMessages(new PresignOnlyBlobs(), Clock.fixed(AT, ZoneOffset.UTC));

    private static Job job(JobStatus status) {
        return Job.builder()
                .id("exec_1")
                .owner("alice")
                .workflow(Workflow.of((ObjectNode) Json.read("{\"1\":{\"class_type\":\"EmptyImage\",\"inputs\":{}}}")))
                .createdAt(AT.minusSeconds(10))
                .startedAt(AT.minusSeconds(5))
                .completedAt(status.isTerminal() ? AT : null)
                .status(status)
                .batchId("batch_7")
                .outputs(List.of(
                        new JobOutput("3", "a.png", "outputs/exec_1/1/a.png", "image/png", 10, 8, 8, "x", "output")))
                .build();
    }

    /** The envelope EventBridge puts on the live-events queue. */
    private static JsonNode onTheBus(String detailType, Object detail) {
        ObjectNode event = Json.object()
                .put("version", "0")
                .put("id", "6a7e8feb-b491-4cf7-a9f1-bf3703467718")
                .put("detail-type", detailType)
                .put("source", Events.SOURCE)
                .put("time", "2026-03-01T12:00:00Z");
        event.set("detail", Json.tree(detail));
        return event;
    }

    @Test
    void aJobStateChangeReadBackFromTheBusKeepsTheMillisecondsAndNamesItsTopics() {
        JobStateChangeDetail detail =
                JobStateChangeDetail.of(new JobChange(job(JobStatus.COMPLETED), JobStatus.RUNNING, AT));

        LiveEvent event = LiveEvent.fromEventBridge(onTheBus(Events.JOB_STATE_CHANGE, detail))
                .orElseThrow();

        assertThat(event).isInstanceOf(LiveEvent.JobChanged.class);
        assertThat(event.id()).isEqualTo("6a7e8feb-b491-4cf7-a9f1-bf3703467718");
        assertThat(event.time()).isEqualTo(AT);
        assertThat(event.topics())
                .containsExactly(
                        Topic.job("alice", "exec_1"),
                        Topic.channel("alice", Channel.JOBS),
                        Topic.batch("alice", "batch_7"));
    }

    @Test
    void eventsTheFanOutDoesNotKnowOrCannotReadAreIgnored() {
        assertThat(LiveEvent.fromEventBridge(onTheBus("Object Created", Json.object())))
                .isEmpty();
        assertThat(LiveEvent.fromEventBridge(
                        onTheBus(Events.JOB_STATE_CHANGE, Json.object().put("attempt", "many"))))
                .isEmpty();
        assertThat(LiveEvent.fromEventBridge(Json.read("[]"))).isEmpty();
    }

    @Test
    void aCompletionCarriesSignedLinksToTheJobsOwnOutputs() {
        LiveEvent event = LiveEvent.fromEventBridge(onTheBus(
                        Events.JOB_STATE_CHANGE,
                        JobStateChangeDetail.of(new JobChange(job(JobStatus.COMPLETED), JobStatus.RUNNING, AT))))
                .orElseThrow();

        JsonNode message = Json.read(messages.render(event).json());

        assertThat(message.path("type").asText()).isEqualTo("complete");
        assertThat(message.path("timestamp").asText()).isEqualTo("2026-03-01T12:00:00.123Z");
        assertThat(message.path("data").path("execution_time").asDouble()).isEqualTo(5.0);
        assertThat(message.path("data").path("outputs").get(0).path("url").asText())
                .isEqualTo("https://signed.example/outputs/exec_1/1/a.png?ttl=3600");
    }

    @Test
    void aPreviewBecomesASignedLinkThatOutlivesItsUseOnlyBriefly() {
        JobPreview preview = new JobPreview("previews/exec_1/1/3.jpg", "image/jpeg", "4", 3, 20, AT);
        LiveEvent event = LiveEvent.fromEventBridge(
                        onTheBus(Events.JOB_PREVIEW, JobPreviewDetail.of(job(JobStatus.RUNNING), preview)))
                .orElseThrow();

        JsonNode message = Json.read(messages.render(event).json());

        assertThat(message.path("type").asText()).isEqualTo("preview");
        assertThat(message.path("data").path("url").asText())
                .isEqualTo("https://signed.example/previews/exec_1/1/3.jpg?ttl=900");
        assertThat(message.path("data").path("step").asInt()).isEqualTo(3);
    }
}
