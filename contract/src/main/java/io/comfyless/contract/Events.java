package io.comfyless.contract;

/** The EventBridge bus that carries job events, and the names of what is put on it. */
public final class Events {

    public static final String BUS_ENV_VAR = "COMFYLESS_EVENT_BUS";
    public static final String BUS_LOGICAL_ID = "JobEventBus";
    public static final String SOURCE = "comfyless";
    public static final String JOB_STATE_CHANGE = "Job State Change";
    /** A running job's progress, put by its runner at most a few times a second. */
    public static final String JOB_PROGRESS = "Job Progress";
    /** A sampler preview of a running job, stored under {@link Bucket#PREVIEWS_PREFIX}. */
    public static final String JOB_PREVIEW = "Job Preview";
    /** A model download request that moved or changed state. */
    public static final String MODEL_DOWNLOAD_CHANGE = "Model Download Change";
    /** A GPU runner whose state changed (starting, idle, running, terminating). */
    public static final String WORKER_STATE_CHANGE = "Worker State Change";

    /** S3 puts its notifications on the account's default bus, never on a custom one. */
    public static final String S3_SOURCE = "aws.s3";

    public static final String S3_OBJECT_CREATED = "Object Created";

    private Events() {}

    public static String localBusName(String prefix) {
        return prefix + "-events";
    }
}
