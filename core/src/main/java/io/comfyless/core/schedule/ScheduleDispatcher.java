package io.comfyless.core.schedule;

import io.comfyless.core.error.ApiException;
import io.comfyless.core.fleet.FleetService;
import io.comfyless.core.fleet.FleetView;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does what a schedule firing asks, in the {@code schedule} function and in the local trigger alike:
 * submits a saved template, or starts or stops the GPU fleet. A firing that can no longer run (a
 * deleted template, a fleet action the fleet refuses) answers normally, so Scheduler does not retry
 * it; an infrastructure error throws and Scheduler retries.
 */
public final class ScheduleDispatcher {

    private static final Logger log = LoggerFactory.getLogger(ScheduleDispatcher.class);

    private final ScheduledSubmission submissions;
    private final FleetService fleet;

    public ScheduleDispatcher(ScheduledSubmission submissions, FleetService fleet) {
        this.submissions = submissions;
        this.fleet = fleet;
    }

    /** What the firing did, as the function's result. */
    public Map<String, Object> fire(ScheduleInvocation invocation) {
        if (invocation.fleet() == null) {
            return submissions
                    .submit(invocation)
                    .<Map<String, Object>>map(
                            s -> Map.of("execution_id", s.job().id(), "created", s.created()))
                    .orElse(Map.of("skipped", true));
        }
        return fleet(invocation.scheduleId(), invocation.fleet());
    }

    private Map<String, Object> fleet(String scheduleId, ScheduleInvocation.FleetAction action) {
        try {
            FleetView view = switch (action.action()) {
                case ScheduleInvocation.FleetAction.START ->
                    fleet.start(Optional.ofNullable(action.count()).orElse(1));
                case ScheduleInvocation.FleetAction.STOP -> fleet.stop();
                default -> throw new IllegalArgumentException("Unknown fleet action " + action.action());
            };
            log.info(
                    "Fleet schedule {} fired: {} (runners wanted: {})",
                    scheduleId,
                    action.action(),
                    view.service().desired());
            return Map.of(
                    "fleet_action", action.action(), "desired", view.service().desired());
        } catch (ApiException | IllegalArgumentException cannotRun) {
            log.warn("Fleet schedule {} could not {}: {}", scheduleId, action.action(), cannotRun.getMessage());
            return Map.of("skipped", true);
        }
    }
}
