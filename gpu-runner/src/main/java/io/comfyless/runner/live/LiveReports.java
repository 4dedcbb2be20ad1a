package io.comfyless.runner.live;

import io.comfyless.contract.Bucket;
import io.comfyless.core.events.JobEvents;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobPreview;
import io.comfyless.core.job.Progress;
import io.comfyless.core.storage.BlobStore;
import io.comfyless.runner.comfyui.ComfyEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a runner tells live clients about the jobs it runs, besides what it stores: progress as it
 * happens, at most every {@link #PROGRESS_INTERVAL} per job, and sampler previews, at most one every
 * {@link #PREVIEW_INTERVAL} per job, stored small under {@code previews/} and announced on the bus.
 * The stored progress stays throttled to the heartbeat: a DynamoDB write costs per kilobyte of the
 * whole job item, an event does not. All of it runs on one timer thread, never on ComfyUI's socket.
 */
public final class LiveReports implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveReports.class);

    /** Four progress events a second per job at most: a subscriber sees a step within a quarter second. */
    public static final Duration PROGRESS_INTERVAL = Duration.ofMillis(250);
    /** One preview a second per job at most: each is an S3 PUT and an event. */
    public static final Duration PREVIEW_INTERVAL = Duration.ofSeconds(1);

    private final JobEvents events;
    private final BlobStore blobs;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "live-reports");
        thread.setDaemon(true);
        return thread;
    });

    public LiveReports(JobEvents events, BlobStore blobs, Clock clock) {
        this.events = events;
        this.blobs = blobs;
        this.clock = clock;
    }

    /** Reports for one claimed attempt of {@code job}. */
    public Feed follow(Job job) {
        return new Feed(job);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private void schedule(Runnable task, long delayNanos) {
        if (!timer.isShutdown()) {
            timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** One job's reports. */
    public final class Feed {

        private final Job job;
        private final Throttle<Progress> progress;
        private final Throttle<Preview> previews;
        private final AtomicInteger previewCount = new AtomicInteger();
        private volatile String latestPreviewKey;

        private record Preview(ComfyEvent.Preview frame, Integer step, Integer totalSteps) {}

        private Feed(Job job) {
            this.job = job;
            this.progress =
                    new Throttle<>(PROGRESS_INTERVAL, LiveReports.this::schedule, System::nanoTime, this::publish);
            this.previews = new Throttle<>(PREVIEW_INTERVAL, LiveReports.this::schedule, System::nanoTime, this::store);
        }

        public void progress(Progress now) {
            progress.offer(now);
        }

        /** A preview frame ComfyUI sent for this job, with the sampler step it was sent at, when known. */
        public void preview(ComfyEvent.Preview frame, Integer step, Integer totalSteps) {
            previews.offer(new Preview(frame, step, totalSteps));
        }

        /** The key of the last preview stored, for the progress the runner writes; null before the first. */
        public String latestPreviewKey() {
            return latestPreviewKey;
        }

        /**
         * The prompt ended: a preview still waiting for its interval is stored now, before the final
         * state is written, so that the stored progress names the last preview; progress still waiting
         * is dropped, since the end itself says more, and nothing may trail it.
         */
        public void finish() {
            previews.flush();
            progress.discard();
        }

        private void publish(Progress now) {
            try {
                events.progressed(job, now.withPreview(latestPreviewKey));
            } catch (RuntimeException e) {
                log.warn("Could not report the progress of {}: {}", job.id(), e.toString());
            }
        }

        private void store(Preview preview) {
            try {
                PreviewImages.small(preview.frame().image(), preview.frame().contentType())
                        .ifPresent(small -> {
                            String key = Bucket.PREVIEWS_PREFIX + job.id() + "/" + job.attempt() + "/"
                                    + previewCount.incrementAndGet() + "." + small.extension();
                            blobs.put(key, small.bytes(), small.contentType());
                            latestPreviewKey = key;
                            events.previewed(
                                    job,
                                    new JobPreview(
                                            key,
                                            small.contentType(),
                                            preview.frame().nodeId(),
                                            preview.step(),
                                            preview.totalSteps(),
                                            clock.instant()));
                        });
            } catch (RuntimeException e) {
                log.warn("Could not store a preview of {}: {}", job.id(), e.toString());
            }
        }
    }
}
