package io.comfyless.core.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.contract.Events;
import io.comfyless.core.events.JobEventDetail;
import io.comfyless.core.events.JobPreviewDetail;
import io.comfyless.core.events.JobProgressDetail;
import io.comfyless.core.events.JobStateChangeDetail;
import io.comfyless.core.json.Json;
import io.comfyless.core.model.ModelDownloadChangeDetail;
import io.comfyless.core.worker.WorkerStateChangeDetail;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An event from the job bus that live clients may hear about, read from the EventBridge envelope
 * that the live-events queue carries, with the topics whose subscribers should get it. Every topic
 * is in the event's own tenant (the fleet's shared channel aside), which is what keeps tenants apart.
 */
public sealed interface LiveEvent {

    /** The EventBridge event id: the same for every connection the event reaches. */
    String id();

    /** When it happened, to the millisecond where the detail says so. */
    Instant time();

    List<Topic> topics();

    record JobChanged(String id, Instant time, JobStateChangeDetail detail) implements LiveEvent {
        @Override
        public List<Topic> topics() {
            return jobTopics(detail);
        }
    }

    record JobProgressed(String id, Instant time, JobProgressDetail detail) implements LiveEvent {
        @Override
        public List<Topic> topics() {
            return jobTopics(detail);
        }
    }

    record JobPreviewed(String id, Instant time, JobPreviewDetail detail) implements LiveEvent {
        @Override
        public List<Topic> topics() {
            return jobTopics(detail);
        }
    }

    record DownloadChanged(String id, Instant time, ModelDownloadChangeDetail detail) implements LiveEvent {
        @Override
        public List<Topic> topics() {
            return detail.tenant() == null ? List.of() : List.of(Topic.channel(detail.tenant(), Channel.DOWNLOADS));
        }
    }

    record WorkerChanged(String id, Instant time, WorkerStateChangeDetail detail) implements LiveEvent {
        @Override
        public List<Topic> topics() {
            return List.of(Topic.channel(Topic.SHARED, Channel.FLEET));
        }
    }

    /** Reads a live-events queue message (an EventBridge event as JSON); empty for anything else. */
    static Optional<LiveEvent> fromMessage(String body) {
        try {
            return fromEventBridge(Json.read(body));
        } catch (RuntimeException notJson) {
            return Optional.empty();
        }
    }

    /** Reads an EventBridge event ({@code detail-type}, {@code detail}); empty for anything else. */
    static Optional<LiveEvent> fromEventBridge(JsonNode event) {
        String id = event.path("id").asText("");
        Instant envelopeTime = time(event.path("time").asText(null)).orElse(Instant.EPOCH);
        JsonNode detail = event.path("detail");
        try {
            return Optional.ofNullable(
                    switch (event.path("detail-type").asText("")) {
                        case Events.JOB_STATE_CHANGE -> {
                            JobStateChangeDetail change = read(detail, JobStateChangeDetail.class);
                            yield new JobChanged(
                                    id, change.changedAt() == null ? envelopeTime : change.changedAt(), change);
                        }
                        case Events.JOB_PROGRESS -> {
                            JobProgressDetail progress = read(detail, JobProgressDetail.class);
                            Instant at = progress.progress() == null
                                            || progress.progress().updatedAt() == null
                                    ? envelopeTime
                                    : progress.progress().updatedAt();
                            yield new JobProgressed(id, at, progress);
                        }
                        case Events.JOB_PREVIEW -> {
                            JobPreviewDetail preview = read(detail, JobPreviewDetail.class);
                            yield preview.preview() == null
                                    ? null
                                    : new JobPreviewed(
                                            id, orElse(preview.preview().at(), envelopeTime), preview);
                        }
                        case Events.MODEL_DOWNLOAD_CHANGE -> {
                            ModelDownloadChangeDetail download = read(detail, ModelDownloadChangeDetail.class);
                            yield new DownloadChanged(id, orElse(download.at(), envelopeTime), download);
                        }
                        case Events.WORKER_STATE_CHANGE -> {
                            WorkerStateChangeDetail worker = read(detail, WorkerStateChangeDetail.class);
                            yield new WorkerChanged(id, orElse(worker.at(), envelopeTime), worker);
                        }
                        default -> null;
                    });
        } catch (JsonProcessingException | IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    private static List<Topic> jobTopics(JobEventDetail detail) {
        String tenant = detail.tenant();
        List<Topic> topics = new ArrayList<>();
        topics.add(Topic.job(tenant, detail.executionId()));
        topics.add(Topic.channel(tenant, Channel.JOBS));
        if (detail.batchId() != null) {
            topics.add(Topic.batch(tenant, detail.batchId()));
        }
        return topics;
    }

    private static <T> T read(JsonNode detail, Class<T> type) throws JsonProcessingException {
        return Json.mapper().treeToValue(detail, type);
    }

    private static Optional<Instant> time(String text) {
        try {
            return Optional.ofNullable(text).map(Instant::parse);
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    private static Instant orElse(Instant value, Instant fallback) {
        return value == null ? fallback : value;
    }
}
