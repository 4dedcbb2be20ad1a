package io.comfyless.core.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.cost.CostBreakdown;
import io.comfyless.core.cost.CostRates;
import io.comfyless.core.cost.MemorySize;
import io.comfyless.core.events.JobChange;
import io.comfyless.core.events.JobEvents;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobMetrics;
import io.comfyless.core.job.JobOutput;
import io.comfyless.core.job.Progress;
import io.comfyless.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns the state changes of jobs that asked for a webhook into webhook events on the queue:
 * started, completed, failed, cancelled, and, for {@code include_progress}, at most one progress
 * event per job every {@link #PROGRESS_INTERVAL}. State events get an id derived from the job,
 * the event and the attempt, so a receiver can drop a repeat by {@code event_id}.
 */
public final class WebhookNotifier implements JobEvents {

    /** Progress webhooks are a courtesy; a receiver should not need more than this. */
    public static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

    private static final int MAX_TRACKED_JOBS = 10_000;

    private final WebhookQueue queue;
    private final Clock clock;
    private final Map<String, Instant> lastProgress = new ConcurrentHashMap<>();

    public WebhookNotifier(WebhookQueue queue, Clock clock) {
        this.queue = queue;
        this.clock = clock;
    }

    @Override
    public void changed(JobChange change) {
        message(change).ifPresent(queue::send);
        if (change.ended()) {
            lastProgress.remove(change.job().id());
        }
    }

    @Override
    public void changedAll(List<JobChange> changes) {
        List<WebhookMessage> messages = new ArrayList<>();
        for (JobChange change : changes) {
            message(change).ifPresent(messages::add);
        }
        queue.sendAll(messages);
    }

    @Override
    public void progressed(Job job, Progress progress) {
        if (job.notification() == null
                || job.notification().webhookUrl() == null
                || !job.notification().includeProgress()) {
            return;
        }
        Instant now = clock.instant();
        Instant last = lastProgress.get(job.id());
        if (last != null && last.plus(PROGRESS_INTERVAL).isAfter(now)) {
            return;
        }
        if (lastProgress.size() > MAX_TRACKED_JOBS) {
            lastProgress.values().removeIf(at -> at.plus(Duration.ofMinutes(10)).isBefore(now));
        }
        lastProgress.put(job.id(), now);
        ObjectNode data = data(job);
        data.set("progress", Json.tree(progress));
        queue.send(new WebhookMessage(
                job.owner(),
                job.id(),
                job.notification().webhookUrl(),
                "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20),
                WebhookEventType.PROGRESS.wire(),
                WebhookEventType.PROGRESS.seed001Name(),
                now,
                data));
    }

    /** The webhook a change earns: none for jobs without a webhook and for changes clients do not see. */
    static Optional<WebhookMessage> message(JobChange change) {
        Job job = change.job();
        if (job.notification() == null || job.notification().webhookUrl() == null) {
            return Optional.empty();
        }
        return WebhookEventType.of(change)
                .map(type -> new WebhookMessage(
                        job.owner(),
                        job.id(),
                        job.notification().webhookUrl(),
                        eventId(job, type),
                        type.wire(),
                        type.seed001Name(),
                        change.at(),
                        data(job)));
    }

    private static ObjectNode data(Job job) {
        ObjectNode data = Json.object();
        data.put("status", job.status().wire());
        data.put("attempt", job.attempt());
        if (job.workflowId() != null) {
            data.put("workflow_id", job.workflowId());
        }
        if (job.batchId() != null) {
            data.put("batch_id", job.batchId());
        }
        if (job.startedAt() != null) {
            data.put("started_at", job.startedAt().toString());
        }
        if (job.completedAt() != null) {
            data.put("completed_at", job.completedAt().toString());
            if (job.startedAt() != null) {
                data.put(
                        "execution_time",
                        Duration.between(job.startedAt(), job.completedAt()).toMillis() / 1000.0);
            }
        }
        if (!job.outputs().isEmpty()) {
            ObjectNode results = data.putObject("results");
            results.put("output_count", job.outputs().size());
            ArrayNode outputs = results.putArray("outputs");
            for (JobOutput output : job.outputs()) {
                ObjectNode node = outputs.addObject();
                node.put("node_id", output.nodeId());
                node.put("filename", output.filename());
                node.put("key", output.key());
                node.put("content_type", output.contentType());
                node.put("size_bytes", output.sizeBytes());
                if (output.width() != null) {
                    node.put("width", output.width());
                    node.put("height", output.height());
                }
            }
        }
        if (job.metrics() != JobMetrics.NONE) {
            data.set("metrics", metrics(job));
        }
        if (job.error() != null) {
            data.set("error", Json.tree(job.error()));
        }
        return data;
    }

    /** What the run used, as the execution events show it: GPU seconds, peak memory, cost in dollars. */
    private static ObjectNode metrics(Job job) {
        JobMetrics metrics = job.metrics();
        long outputBytes =
                job.outputs().stream().mapToLong(JobOutput::sizeBytes).sum();
        ObjectNode node = Json.object();
        node.put("gpu_time", metrics.gpuSeconds());
        node.put("memory_peak", MemorySize.gigabytes(metrics.memoryPeakBytes()));
        node.put("gpu_utilization_avg", metrics.gpuUtilization());
        CostBreakdown.of(metrics, outputBytes, CostRates.AWS_LIST)
                .ifPresentOrElse(cost -> node.put("cost", cost.total()), () -> node.putNull("cost"));
        return node;
    }

    private static String eventId(Job job, WebhookEventType type) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((job.id() + "|" + type.wire() + "|" + job.attempt()).getBytes(StandardCharsets.UTF_8));
            return "evt_" + HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
