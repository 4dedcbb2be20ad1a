package io.comfyless.contract;

/**
 * EventBridge Scheduler resources behind {@code /v1/schedules}. The CDK app creates the schedule
 * group, an alias of the {@code schedule} function as the target and a role Scheduler assumes to
 * invoke it, and passes all three to the API function through these variables.
 */
public final class Schedules {

    public static final String GROUP_ENV_VAR = "COMFYLESS_SCHEDULE_GROUP";
    public static final String TARGET_ARN_ENV_VAR = "COMFYLESS_SCHEDULE_TARGET_ARN";
    public static final String ROLE_ARN_ENV_VAR = "COMFYLESS_SCHEDULE_ROLE_ARN";
    public static final String GROUP_LOGICAL_ID = "ScheduleGroup";

    /** The local stack's target: nothing is invoked through it, the local trigger calls the handler itself. */
    public static final String LOCAL_TARGET_ARN =
            "arn:aws:lambda:us-east-1:000000000000:function:comfyless-schedule:live";

    public static final String LOCAL_ROLE_ARN = "arn:aws:iam::000000000000:role/comfyless-scheduler";

    private Schedules() {}

    public static String localGroupName(String prefix) {
        return prefix + "-schedules";
    }
}
