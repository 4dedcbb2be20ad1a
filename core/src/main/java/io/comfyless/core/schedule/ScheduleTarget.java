package io.comfyless.core.schedule;

import io.comfyless.contract.Schedules;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where Scheduler puts schedules and what they invoke: the group, the {@code schedule} function's
 * alias ARN and the role Scheduler assumes to invoke it. Absent on a stack deployed without
 * schedules; {@code /v1/schedules} then answers 503.
 */
public record ScheduleTarget(String group, String targetArn, String roleArn) {

    public static Optional<ScheduleTarget> from(Function<String, String> env) {
        String group = env.apply(Schedules.GROUP_ENV_VAR);
        String target = env.apply(Schedules.TARGET_ARN_ENV_VAR);
        String role = env.apply(Schedules.ROLE_ARN_ENV_VAR);
        if (blank(group) || blank(target) || blank(role)) {
            return Optional.empty();
        }
        return Optional.of(new ScheduleTarget(group.trim(), target.trim(), role.trim()));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
