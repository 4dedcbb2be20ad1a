package io.comfyless.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobMetrics;
import io.comfyless.core.job.JobOutput;
import io.comfyless.core.job.JobStore;
import io.comfyless.core.job.Lane;
import io.comfyless.core.job.LeaseHolder;
import io.comfyless.core.queue.Delivery;
import io.comfyless.core.queue.JobQueue;
import io.comfyless.core.storage.BlobStore;
import io.comfyless.core.storage.StoredObject;
import io.comfyless.runner.comfyui.ComfyUiClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The baseline: the one-job-at-a-time worker most ComfyUI wrappers ship. Take a message, submit the
 * prompt, poll {@code /history} on a timer until it appears, copy the outputs, record completion,
 * and only then look for the next job. The GPU idles through every step after the prompt ends.
 */
final class PollingRunner {

    private final JobStore store;
    private final JobQueue queue;
    private final BlobStore blobs;
    private final ComfyUiClient comfyui;
    private final Duration pollInterval;

    PollingRunner(JobStore store, JobQueue queue, BlobStore blobs, ComfyUiClient comfyui, Duration pollInterval) {
        this.store = store;
        this.queue = queue;
        this.blobs = blobs;
        this.comfyui = comfyui;
        this.pollInterval = pollInterval;
    }

    void runJobs(int count) throws InterruptedException {
        int done = 0;
        while (done < count) {
            for (Delivery delivery : queue.receive(Lane.NORMAL, 1, Duration.ofSeconds(1), Duration.ofMinutes(2))) {
                Job job = store.find(delivery.message().orElseThrow().jobId()).orElseThrow();
                LeaseHolder holder = new LeaseHolder("polling-baseline", job.attempt());
                String promptId = UUID.randomUUID().toString();
                Instant now = Instant.now();
                Job claimed = store.claim(job, holder, now.plusSeconds(600), promptId, now)
                        .orElseThrow();
                comfyui.submit(claimed.workflow().toJson(), promptId, "polling-baseline", null);
                JsonNode entry = awaitHistory(promptId);
                store.complete(claimed, holder, copyOutputs(claimed, entry), JobMetrics.NONE, Instant.now());
                queue.delete(delivery);
                done++;
            }
        }
    }

    private JsonNode awaitHistory(String promptId) throws InterruptedException {
        while (true) {
            Optional<JsonNode> entry = comfyui.history(promptId);
            if (entry.isPresent()
                    && entry.get().path("status").path("completed").asBoolean(false)) {
                return entry.get();
            }
            Thread.sleep(pollInterval.toMillis());
        }
    }

    private List<JobOutput> copyOutputs(Job job, JsonNode entry) {
        List<JobOutput> outputs = new ArrayList<>();
        entry.path("outputs")
                .fields()
                .forEachRemaining(node -> node.getValue().path("images").forEach(image -> {
                    ComfyUiClient.Download download = comfyui.view(
                            image.path("filename").asText(),
                            image.path("subfolder").asText(""),
                            image.path("type").asText("output"));
                    try (InputStream content = download.content()) {
                        String key = "outputs/" + job.id() + "/1/"
                                + image.path("filename").asText();
                        StoredObject stored = blobs.put(key, content, "image/png");
                        outputs.add(new JobOutput(
                                node.getKey(),
                                image.path("filename").asText(),
                                key,
                                "image/png",
                                stored.sizeBytes(),
                                null,
                                null,
                                stored.sha256(),
                                "output"));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
        return outputs;
    }
}
