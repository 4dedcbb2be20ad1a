package io.comfyless.functions;

import io.comfyless.core.job.JobReaper;
import java.util.Map;
import java.util.function.Function;

/**
 * The reaper Lambda, invoked every minute by a schedule: one {@link JobReaper#sweep()}. The
 * scheduled event itself carries nothing the sweep needs.
 */
public final class ReaperFunction implements Function<Map<String, Object>, JobReaper.Sweep> {

    private final JobReaper reaper;

    public ReaperFunction(JobReaper reaper) {
        this.reaper = reaper;
    }

    @Override
    public JobReaper.Sweep apply(Map<String, Object> scheduledEvent) {
        return reaper.sweep();
    }
}
