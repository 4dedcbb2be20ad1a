package io.comfyless.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.job.Job;
import io.comfyless.core.job.JobStatus;
import io.comfyless.core.job.Progress;
import io.comfyless.core.json.Json;
import io.comfyless.core.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatestProgressOnlyTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    private final List<Double> passedOn = new ArrayList<>();
    private final LatestProgressOnly events = new LatestProgressOnly(new JobEvents() {
        @Override
        public void changed(JobChange change) {}

        @Override
        public void progressed(Job job, Progress progress) {
            passedOn.add(progress.percentage());
        }
    });

    @Test
    void aSnapshotOlderThanWhatWasAlreadyReportedIsDropped() {
        Job job = job(1, JobStatus.RUNNING);

        events.progressed(job, progress(40, T0.plusMillis(500)));
        events.progressed(job, progress(30, T0.plusMillis(200)));
        events.progressed(job, progress(40, T0.plusMillis(500)));
        events.progressed(job, progress(60, T0.plusMillis(900)));

        assertThat(passedOn).containsExactly(40.0, 60.0);
    }

    @Test
    void aNewAttemptStartsAfreshAndAnEndedJobIsForgotten() {
        events.progressed(job(1, JobStatus.RUNNING), progress(80, T0.plusSeconds(5)));
        events.progressed(job(2, JobStatus.RUNNING), progress(10, T0.plusSeconds(1)));
        events.changed(new JobChange(job(2, JobStatus.COMPLETED), JobStatus.RUNNING, T0.plusSeconds(6)));
        events.progressed(job(2, JobStatus.RUNNING), progress(5, T0));

        assertThat(passedOn).containsExactly(80.0, 10.0, 5.0);
    }

    @Test
    void progressWithoutATimeAlwaysPasses() {
        Job job = job(1, JobStatus.RUNNING);

        events.progressed(job, progress(50, T0));
        events.progressed(job, progress(20, null));

        assertThat(passedOn).containsExactly(50.0, 20.0);
    }

    private static Job job(int attempt, JobStatus status) {
        return Job.builder()
                .id("exec_0123456789abcdef0123")
                .owner("t")
                .workflow(Workflow.of((ObjectNode) Json.read("{\"1\":{\"class_type\":\"EmptyImage\",\"inputs\":{}}}")))
                .createdAt(T0)
                .attempt(attempt)
                .status(status)
                .build();
    }

    private static Progress progress(double percentage, Instant at) {
        return new Progress(percentage, null, null, null, null, 0, 1, at, null, null);
    }
}
