package io.comfyless.core.live;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.events.JobPreviewDetail;
import io.comfyless.core.events.JobProgressDetail;
import io.comfyless.core.events.JobStateChangeDetail;
import io.comfyless.core.job.JobFailure;
import io.comfyless.core.job.Lane;
import io.comfyless.core.job.Progress;
import io.comfyless.core.json.Json;
import io.comfyless.core.model.DownloadStatus;
import io.comfyless.core.model.ModelDownloadChangeDetail;
import io.comfyless.core.queue.QueueDepth;
import io.comfyless.core.storage.BlobStore;
import io.comfyless.core.worker.WorkerStateChangeDetail;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns bus events into the frames clients get. Job state changes become {@code queued},
 * {@code started}, {@code complete}, {@code error} or {@code cancelled}; runner reports become
 * {@code progress} and {@code preview}; downloads {@code download_progress} and
 * {@code download_complete}; runners {@code fleet_update}; queue depth {@code queue_update}. Links
 * to outputs and previews are presigned here, once per event, for the event's own job only.
 */
public final class LiveMessages {

    /** Output links last as long as the API's default. */
    static final Duration OUTPUT_LINK_TTL = Duration.ofHours(1);
    /** A preview is stale within seconds; its link need not outlive a quarter of an hour. */
    static final Duration PREVIEW_LINK_TTL = Duration.ofMinutes(15);

    private final BlobStore blobs;
    private final Clock clock;

    public LiveMessages(BlobStore blobs, Clock clock) {
        this.blobs = blobs;
        this.clock = clock;
    }

    public LiveMessage render(LiveEvent event) {
        if (event instanceof LiveEvent.JobChanged changed) {
            return changed(changed);
        } else if (event instanceof LiveEvent.JobProgressed progressed) {
            return progress(progressed);
        } else if (event instanceof LiveEvent.JobPreviewed previewed) {
            return preview(previewed);
        } else if (event instanceof LiveEvent.DownloadChanged download) {
            return download(download);
        }
        return fleet((LiveEvent.WorkerChanged) event);
    }

    /** {@code queue_update}: the lanes as {@code GET /v1/queue/status} shows them. */
    public LiveMessage queue(LiveEvent cause, Map<Lane, QueueDepth> lanes) {
        ObjectNode data = Json.object();
        ObjectNode byLane = data.putObject("lanes");
        long pending = 0;
        long running = 0;
        for (Lane lane : Lane.values()) {
            QueueDepth depth = lanes.getOrDefault(lane, new QueueDepth(0, 0));
            byLane.putObject(lane.name().toLowerCase(Locale.ROOT))
                    .put("pending", depth.waiting())
                    .put("running", depth.inFlight());
            pending += depth.waiting();
            running += depth.inFlight();
        }
        data.put("queue_pending", pending).put("queue_running", running);
        return new LiveMessage(
                "queue_update", cause.id() + "-queue", cause.time(), null, null, Channel.QUEUE.wire(), data);
    }

    private LiveMessage changed(LiveEvent.JobChanged event) {
        JobStateChangeDetail change = event.detail();
        ObjectNode data = Json.object().put("status", change.status()).put("attempt", change.attempt());
        if (change.previousStatus() != null) {
            data.put("previous_status", change.previousStatus());
        }
        if (change.workflowId() != null) {
            data.put("workflow_id", change.workflowId());
        }
        String type = switch (change.status()) {
            case "running" -> {
                putTime(data, "started_at", change.startedAt());
                yield "started";
            }
            case "completed" -> {
                completed(data, change);
                yield "complete";
            }
            case "failed" -> {
                failed(data, change.error());
                yield "error";
            }
            case "cancelled" -> {
                putTime(data, "completed_at", change.completedAt());
                yield "cancelled";
            }
            default -> "queued";
        };
        return job(type, event, change.executionId(), change.batchId(), data);
    }

    private void completed(ObjectNode data, JobStateChangeDetail change) {
        putTime(data, "completed_at", change.completedAt());
        if (change.startedAt() != null && change.completedAt() != null) {
            data.put(
                    "execution_time",
                    Duration.between(change.startedAt(), change.completedAt()).toMillis() / 1000.0);
        }
        data.put("results_url", "/v1/workflows/" + change.executionId() + "/results");
        ArrayNode outputs = data.putArray("outputs");
        Instant expires = clock.instant().plus(OUTPUT_LINK_TTL);
        for (String key : change.outputs() == null ? List.<String>of() : change.outputs()) {
            URL url = blobs.presignGet(key, OUTPUT_LINK_TTL, Optional.empty());
            outputs.addObject().put("key", key).put("url", url.toString()).put("expires_at", expires.toString());
        }
    }

    private static void failed(ObjectNode data, JobFailure failure) {
        if (failure == null) {
            return;
        }
        data.put("error", failure.message()).put("error_code", failure.code()).put("retryable", failure.retryable());
        if (failure.nodeId() != null) {
            data.put("node", failure.nodeId());
        }
        if (failure.nodeType() != null) {
            data.put("node_type", failure.nodeType());
        }
        if (failure.exceptionType() != null) {
            data.put("details", failure.exceptionType());
        }
    }

    private LiveMessage progress(LiveEvent.JobProgressed event) {
        JobProgressDetail detail = event.detail();
        Progress progress = detail.progress();
        ObjectNode data = Json.object().put("status", "running").put("attempt", detail.attempt());
        if (progress != null) {
            data.put("percentage", progress.percentage())
                    .put("completed_nodes", progress.completedNodes())
                    .put("total_nodes", progress.totalNodes());
            putText(data, "current_node", progress.currentNode());
            putText(data, "current_node_type", progress.currentNodeType());
            if (progress.currentStep() != null) {
                data.put("current_step", progress.currentStep());
            }
            if (progress.totalSteps() != null) {
                data.put("total_steps", progress.totalSteps());
            }
            if (progress.etaSeconds() != null && progress.updatedAt() != null) {
                data.put("eta_seconds", progress.etaSeconds());
                data.put(
                        "estimated_completion",
                        progress.updatedAt().plusSeconds(progress.etaSeconds()).toString());
            } else {
                data.putNull("eta_seconds");
            }
        }
        return job("progress", event, detail.executionId(), detail.batchId(), data);
    }

    private LiveMessage preview(LiveEvent.JobPreviewed event) {
        JobPreviewDetail detail = event.detail();
        var preview = detail.preview();
        ObjectNode data = Json.object()
                .put(
                        "url",
                        blobs.presignGet(preview.key(), PREVIEW_LINK_TTL, Optional.empty())
                                .toString())
                .put("expires_at", clock.instant().plus(PREVIEW_LINK_TTL).toString())
                .put("content_type", preview.contentType())
                .put("attempt", detail.attempt());
        putText(data, "node", preview.nodeId());
        if (preview.step() != null) {
            data.put("step", preview.step());
        }
        if (preview.totalSteps() != null) {
            data.put("total_steps", preview.totalSteps());
        }
        return job("preview", event, detail.executionId(), detail.batchId(), data);
    }

    private static LiveMessage download(LiveEvent.DownloadChanged event) {
        ModelDownloadChangeDetail download = event.detail();
        boolean ended = DownloadStatus.fromWire(download.status())
                .map(DownloadStatus::isFinal)
                .orElse(false);
        ObjectNode data = Json.object()
                .put("download_id", download.downloadId())
                .put("status", download.status())
                .put("folder", download.folder())
                .put("name", download.name())
                .put("bytes_done", download.bytesDone());
        if (download.totalBytes() != null) {
            data.put("total_bytes", download.totalBytes());
        }
        if (download.progress() != null) {
            data.put("progress", download.progress());
        }
        putText(data, "error", download.error());
        return new LiveMessage(
                ended ? "download_complete" : "download_progress",
                event.id(),
                event.time(),
                null,
                null,
                Channel.DOWNLOADS.wire(),
                data);
    }

    private static LiveMessage fleet(LiveEvent.WorkerChanged event) {
        WorkerStateChangeDetail worker = event.detail();
        ObjectNode data = Json.object().put("worker_id", worker.workerId()).put("state", worker.state());
        putText(data, "previous_state", worker.previousState());
        putText(data, "instance_type", worker.instanceType());
        putText(data, "capacity", worker.capacity());
        return new LiveMessage("fleet_update", event.id(), event.time(), null, null, Channel.FLEET.wire(), data);
    }

    private static LiveMessage job(String type, LiveEvent event, String executionId, String batchId, ObjectNode data) {
        return new LiveMessage(type, event.id(), event.time(), executionId, batchId, null, data);
    }

    private static void putText(ObjectNode data, String field, String value) {
        if (value != null) {
            data.put(field, value);
        }
    }

    private static void putTime(ObjectNode data, String field, Instant value) {
        if (value != null) {
            data.put(field, value.toString());
        }
    }
}
