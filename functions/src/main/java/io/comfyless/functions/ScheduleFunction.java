package io.comfyless.functions;

import io.comfyless.core.json.Json;
import io.comfyless.core.schedule.ScheduleInvocation;
import io.comfyless.core.schedule.ScheduledSubmission;
import java.util.Map;
import java.util.function.Function;

/**
 * The schedule Lambda, invoked by EventBridge Scheduler with the schedule's input
 * ({@code tenant}, {@code schedule_id}, {@code template_id}, {@code overrides}, {@code scheduled_time}):
 * submits the template's job. A schedule that can no longer run answers normally, so Scheduler
 * does not retry it; an infrastructure error throws and Scheduler retries.
 */
public final class ScheduleFunction implements Function<Map<String, Object>, Map<String, Object>> {

    private final ScheduledSubmission submission;

    public ScheduleFunction(ScheduledSubmission submission) {
        this.submission = submission;
    }

    @Override
    public Map<String, Object> apply(Map<String, Object> input) {
        ScheduleInvocation invocation = ScheduleInvocation.fromJson(Json.tree(input));
        return submission
                .submit(invocation)
                .<Map<String, Object>>map(s -> Map.of("execution_id", s.job().id(), "created", s.created()))
                .orElse(Map.of("skipped", true));
    }
}
