package io.comfyless.core.events;

import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobPreview;
import io.comfyless.core.job.Progress;
import java.util.List;

/**
 * Whatever wants to hear about jobs after their state changed: the EventBridge bus, webhooks,
 * batch bookkeeping. Told by {@link EventPublishingJobStore} once per successful transition,
 * after the write: delivery is at-least-once from the listener's point of view only if the
 * listener itself retries; a process that dies between the write and the call loses the call.
 */
public interface JobEvents {

    void changed(JobChange change);

    /** Many changes at once (a batch ingest); listeners may send them in fewer calls. */
    default void changedAll(List<JobChange> changes) {
        changes.forEach(this::changed);
    }

    /**
     * A running job moved on: its runner reports this as it sees it (a few times a second at most),
     * apart from the throttled progress it stores. Not a state change; most listeners ignore it.
     */
    default void progressed(Job job, Progress progress) {}

    /** The runner stored a sampler preview of a running job. */
    default void previewed(Job job, JobPreview preview) {}
}
