package io.comfyless.core.events;

import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobPreview;
import io.comfyless.core.job.Progress;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every listener, each on its own: one that fails is logged and the others still hear. A
 * job's transition has already been written when listeners run, so a failing listener must never
 * turn a successful transition into an error for the writer (a runner would retry a finished job).
 */
public final class FanOutJobEvents implements JobEvents {

    private static final Logger log = LoggerFactory.getLogger(FanOutJobEvents.class);

    private final List<JobEvents> listeners;

    public FanOutJobEvents(List<JobEvents> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void changed(JobChange change) {
        each(listener -> listener.changed(change), change.job().id());
    }

    @Override
    public void changedAll(List<JobChange> changes) {
        if (!changes.isEmpty()) {
            each(listener -> listener.changedAll(changes), changes.size() + " jobs");
        }
    }

    @Override
    public void progressed(Job job, Progress progress) {
        each(listener -> listener.progressed(job, progress), job.id());
    }

    @Override
    public void previewed(Job job, JobPreview preview) {
        each(listener -> listener.previewed(job, preview), job.id());
    }

    private void each(Consumer<JobEvents> call, String what) {
        for (JobEvents listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                log.warn(
                        "{} could not be told about {}: {}", listener.getClass().getSimpleName(), what, e.toString());
            }
        }
    }
}
