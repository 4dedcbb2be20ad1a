package io.comfyless.core.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.error.ApiException;
import io.comfyless.core.job.JobRequest;
import io.comfyless.core.job.JobRequestParser;
import io.comfyless.core.job.JobService;
import io.comfyless.core.job.Submission;
import io.comfyless.core.json.Json;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits the job of one schedule firing, exactly as {@code POST /v1/workflows/execute} with
 * {@code workflow_id} and {@code input_overrides} would. The firing's scheduled time is the
 * idempotency key, so Scheduler's at-least-once invocation (and its retries) run the template
 * once per firing.
 */
public final class ScheduledSubmission {

    private static final Logger log = LoggerFactory.getLogger(ScheduledSubmission.class);

    private final JobRequestParser parser;
    private final JobService jobs;

    public ScheduledSubmission(JobRequestParser parser, JobService jobs) {
        this.parser = parser;
        this.jobs = jobs;
    }

    /**
     * @return the submission; empty when the schedule can no longer run (its template was deleted,
     *         its overrides no longer fit): retrying would not help, so the firing is dropped and logged
     */
    public Optional<Submission> submit(ScheduleInvocation invocation) {
        ObjectNode body = Json.object();
        body.put("workflow_id", invocation.templateId());
        if (invocation.overrides() != null && !invocation.overrides().isNull()) {
            body.set("input_overrides", invocation.overrides());
        }
        if (invocation.priority() != null && !invocation.priority().isNull()) {
            body.set("priority", invocation.priority());
        }
        ObjectNode metadata = body.putObject("metadata");
        metadata.put("schedule_id", invocation.scheduleId());
        metadata.put("scheduled_time", invocation.scheduledTime());
        try {
            JobRequest request = parser.parseExecution(invocation.tenant(), body, Map.of());
            Submission submission = jobs.submit(
                    invocation.tenant(),
                    request,
                    Optional.of("schedule:" + invocation.scheduleId() + ":" + invocation.scheduledTime()));
            log.info(
                    "Schedule {} fired for {}: execution {}",
                    invocation.scheduleId(),
                    invocation.scheduledTime(),
                    submission.job().id());
            return Optional.of(submission);
        } catch (ApiException cannotRun) {
            log.warn(
                    "Schedule {} of tenant {} could not submit for {}: {}",
                    invocation.scheduleId(),
                    invocation.tenant(),
                    invocation.scheduledTime(),
                    cannotRun.getMessage());
            return Optional.empty();
        }
    }
}
