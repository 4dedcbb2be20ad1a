package io.comfyless.core.events;

import io.comfyless.contract.Events;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobPreview;
import io.comfyless.core.job.Progress;
import java.util.List;

/**
 * Puts every job state change on the stack's bus as source {@value Events#SOURCE}, detail-type
 * {@value Events#JOB_STATE_CHANGE}, and what runners report of running jobs as
 * {@value Events#JOB_PROGRESS} and {@value Events#JOB_PREVIEW} (the live-update fan-out's input).
 * Best effort, like every {@link EventBridgePublisher}.
 */
public final class EventBridgeJobEvents implements JobEvents {

    private final EventBridgePublisher bus;

    public EventBridgeJobEvents(EventBridgePublisher bus) {
        this.bus = bus;
    }

    @Override
    public void changed(JobChange change) {
        changedAll(List.of(change));
    }

    @Override
    public void changedAll(List<JobChange> changes) {
        bus.putAll(changes.stream()
                .map(change -> new EventBridgePublisher.Event(
                        Events.JOB_STATE_CHANGE, JobStateChangeDetail.of(change), change.at()))
                .toList());
    }

    @Override
    public void progressed(Job job, Progress progress) {
        bus.put(Events.JOB_PROGRESS, JobProgressDetail.of(job, progress), progress.updatedAt());
    }

    @Override
    public void previewed(Job job, JobPreview preview) {
        bus.put(Events.JOB_PREVIEW, JobPreviewDetail.of(job, preview), preview.at());
    }
}
