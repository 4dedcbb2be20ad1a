package io.comfyless.core.events;

import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobPreview;
import io.comfyless.core.job.Progress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passes on a job's progress only when it is newer than the last progress passed on for the same
 * attempt. A runner reports progress from two places, its live reports and the progress stored with
 * each heartbeat, and a heartbeat's snapshot may reach this point after a newer live report: without
 * this, a client watching the job would see it step back. Everything else passes unchanged.
 */
public final class LatestProgressOnly implements JobEvents {

    private final JobEvents listener;
    /** Per job, the attempt and time of the progress last passed on; forgotten when the job ends. */
    private final Map<String, Taken> latest = new ConcurrentHashMap<>();

    private record Taken(int attempt, Instant at) {}

    public LatestProgressOnly(JobEvents listener) {
        this.listener = listener;
    }

    @Override
    public void changed(JobChange change) {
        forgetIfEnded(change);
        listener.changed(change);
    }

    @Override
    public void changedAll(List<JobChange> changes) {
        changes.forEach(this::forgetIfEnded);
        listener.changedAll(changes);
    }

    @Override
    public void progressed(Job job, Progress progress) {
        Instant taken = progress.updatedAt();
        if (taken == null) {
            listener.progressed(job, progress);
            return;
        }
        Taken before = latest.get(job.id());
        if (before != null && before.attempt() == job.attempt() && !taken.isAfter(before.at())) {
            return;
        }
        latest.put(job.id(), new Taken(job.attempt(), taken));
        listener.progressed(job, progress);
    }

    @Override
    public void previewed(Job job, JobPreview preview) {
        listener.previewed(job, preview);
    }

    private void forgetIfEnded(JobChange change) {
        if (change.ended()) {
            latest.remove(change.job().id());
        }
    }
}
