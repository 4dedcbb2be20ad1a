package io.comfyless.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.events.JobChange;
import io.comfyless.core.events.JobPreviewDetail;
import io.comfyless.core.events.JobProgressDetail;
import io.comfyless.core.events.JobStateChangeDetail;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobFailure;
import io.comfyless.core.job.JobOutput;
import io.comfyless.core.job.JobPreview;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.Lane;
import io.comfyless.core.job.Progress;
import io.comfyless.core.json.Json;
import io.comfyless.core.live.Connection;
import io.comfyless.core.live.InMemoryConnectionStore;
import io.comfyless.core.live.LiveEvent;
import io.comfyless.core.live.LiveMessages;
import io.comfyless.core.model.ModelDownloadChangeDetail;
import io.comfyless.core.queue.QueueDepth;
import io.comfyless.core.storage.S3BlobStore;
import io.comfyless.core.tenant.Scope;
import io.comfyless.core.worker.WorkerStateChangeDetail;
import io.comfyless.core.workflow.Workflow;
import io.comfyless.functions.auth.Authenticators;
import io.comfyless.functions.live.LiveSockets;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Every kind of frame the server sends, as the server renders it, matches its shape in asyncapi.json;
 * and every message asyncapi.json documents is one the server sends. (LiveUpdatesIT checks the frames
 * a real run sends against the same document.)
 */
class LiveMessageSchemaTest {

    private static final Instant AT = Instant.parse("2026-03-01T12:00:00.250Z");
    private final LiveSchema schema = LiveSchema.load();
    // Presigning is local arithmetic: no request leaves this test.
    private final S3Presigner presigner = S3Presigner.builder()
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "secret")))
            .endpointOverride(URI.create("http://127.0.0.1:9"))
            .serviceConfiguration(
                    S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .build();
    private final LiveMessages messages =
            new LiveMessages(new S3BlobStore(null, presigner, "bucket"), Clock.fixed(AT, ZoneOffset.UTC));

    private static Job job(JobStatus status, JobFailure error) {
        return Job.builder()
                .id("exec_1")
                .owner("acme")
                .workflow(Workflow.of((ObjectNode) Json.read("{\"1\":{\"class_type\":\"EmptyImage\",\"inputs\":{}}}")))
                .createdAt(AT.minusSeconds(9))
                .startedAt(AT.minusSeconds(5))
                .completedAt(status.isTerminal() ? AT : null)
                .status(status)
                .batchId("batch_1")
                .workflowId("text_to_image_v1")
                .error(error)
                .outputs(
                        status == JobStatus.COMPLETED
                                ? List.of(new JobOutput(
                                        "3", "a.png", "outputs/exec_1/1/a.png", "image/png", 1, 8, 8, "x", "output"))
                                : List.of())
                .build();
    }

    private static LiveEvent changed(JobStatus to, JobStatus from, JobFailure error) {
        return new LiveEvent.JobChanged("evt", AT, JobStateChangeDetail.of(new JobChange(job(to, error), from, AT)));
    }

    private List<JsonNode> everyKindOfFrame() {
        List<JsonNode> frames = new ArrayList<>();
        List<LiveEvent> events = List.of(
                changed(JobStatus.PENDING, null, null),
                changed(JobStatus.RUNNING, JobStatus.PENDING, null),
                changed(JobStatus.COMPLETED, JobStatus.RUNNING, null),
                changed(
                        JobStatus.FAILED,
                        JobStatus.RUNNING,
                        new JobFailure("EXECUTION_ERROR", "boom", "4", "KSampler", "RuntimeError", false)),
                changed(JobStatus.CANCELLED, JobStatus.RUNNING, null),
                new LiveEvent.JobProgressed(
                        "evt",
                        AT,
                        JobProgressDetail.of(
                                job(JobStatus.RUNNING, null),
                                new Progress(40, "4", "KSampler", 8, 20, 3, 7, AT, null, null).withEta(12L))),
                new LiveEvent.JobProgressed(
                        "evt",
                        AT,
                        JobProgressDetail.of(
                                job(JobStatus.RUNNING, null),
                                new Progress(10, "1", "CheckpointLoader", null, null, 0, 7, AT, null, null))),
                new LiveEvent.JobPreviewed(
                        "evt",
                        AT,
                        JobPreviewDetail.of(
                                job(JobStatus.RUNNING, null),
                                new JobPreview("previews/exec_1/1/1.jpg", "image/jpeg", "4", 8, 20, AT))),
                new LiveEvent.DownloadChanged(
                        "evt",
                        AT,
                        new ModelDownloadChangeDetail(
                                "dl_1",
                                "acme",
                                "downloading",
                                "checkpoints",
                                "a.safetensors",
                                10,
                                100L,
                                10.0,
                                null,
                                AT)),
                new LiveEvent.DownloadChanged(
                        "evt",
                        AT,
                        new ModelDownloadChangeDetail(
                                "dl_1",
                                "acme",
                                "failed",
                                "checkpoints",
                                "a.safetensors",
                                10,
                                null,
                                null,
                                "HTTP 404",
                                AT)),
                new LiveEvent.WorkerChanged(
                        "evt",
                        AT,
                        new WorkerStateChangeDetail("runner-1", "idle", "starting", "g5.xlarge", "spot", AT)));
        events.forEach(event -> frames.add(Json.read(messages.render(event).json())));
        frames.add(Json.read(messages.queue(events.get(1), Map.of(Lane.HIGH, new QueueDepth(2, 1)))
                .json()));

        InMemoryConnectionStore store = new InMemoryConnectionStore();
        store.open(Connection.opened("c1", "acme", EnumSet.allOf(Scope.class), AT), AT.plusSeconds(60));
        // Channels, pings and bad messages reach neither jobs nor batches.
        LiveSockets sockets =
                new LiveSockets(Authenticators.open(), store, null, null, Clock.fixed(AT, ZoneOffset.UTC));
        for (String sent : List.of(
                "{\"type\":\"subscribe\",\"channels\":[\"jobs\",\"fleet\"],\"request_id\":\"r1\"}",
                "{\"type\":\"unsubscribe\",\"channels\":[\"fleet\"]}",
                "{\"type\":\"ping\",\"request_id\":\"r2\"}",
                "{not json",
                "{\"type\":\"subscribe\",\"channels\":[\"gossip\"],\"request_id\":\"r3\"}")) {
            frames.add(Json.read(sockets.receive("c1", sent)));
        }
        return frames;
    }

    @Test
    void everyFrameTheServerRendersMatchesItsDocumentedShape() {
        for (JsonNode frame : everyKindOfFrame()) {
            assertThat(schema.violations(frame)).as(frame.toString()).isEmpty();
        }
    }

    @Test
    void everyDocumentedServerMessageIsOneTheServerSends() {
        Set<String> sent = new HashSet<>();
        everyKindOfFrame().forEach(frame -> sent.add(schema.messageOf(frame)));

        assertThat(sent).containsExactlyInAnyOrderElementsOf(schema.serverMessages());
    }

    @Test
    void aFrameWithAnUndocumentedFieldIsCaught() {
        ObjectNode frame = (ObjectNode) Json.read(messages.render(changed(JobStatus.RUNNING, JobStatus.PENDING, null))
                .json());
        ((ObjectNode) frame.get("data")).put("gpu_temperature", 71);

        assertThat(schema.violations(frame)).isNotEmpty();
    }
}
