package io.comfyless.contract;

/**
 * Environment variables, other than resource names, that the CDK app sets on functions and
 * runners and that the local stack sets the same way.
 */
public final class Settings {

    /** Emulator or alternative endpoint for every AWS client (the AWS SDK's own variable). */
    public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";
    /** When {@code true}, every API request needs an API key or token. Off only for local use. */
    public static final String ENABLE_AUTH = "ENABLE_AUTH";
    /** Comma-separated node class types that submissions may not use. */
    public static final String NODE_DENYLIST = "COMFYLESS_NODE_DENYLIST";
    /** Comma-separated origins allowed by CORS. */
    public static final String CORS_ORIGINS = "CORS_ORIGINS";
    /** JSON file the GPU host writes at boot: instance_id, instance_type, lifecycle (spot|on-demand), availability_zone. */
    public static final String INSTANCE_FACTS_FILE = "COMFYLESS_INSTANCE_FACTS_FILE";
    /** The ECS cluster and service the runners run in ({@code GET /v1/fleet} describes them). */
    public static final String ECS_CLUSTER = "COMFYLESS_ECS_CLUSTER";

    public static final String ECS_SERVICE = "COMFYLESS_ECS_SERVICE";
    /** Comma-separated tenants allowed to change the shared model store. */
    public static final String OPERATOR_TENANTS = "COMFYLESS_OPERATOR_TENANTS";
    /** ComfyUI's models directory, which the runner fills from the S3 model store. */
    public static final String COMFYUI_MODELS_DIR = "COMFYUI_MODELS_DIR";
    /** Disk budget, in bytes, of the runner's model cache. */
    public static final String MODEL_CACHE_BYTES = "COMFYLESS_MODEL_CACHE_BYTES";
    /**
     * How long the API function waits on one AWS call, its retries included, before it answers 503
     * (milliseconds; 2400 when unset, as deployed). The local stack sets more: the emulator answers
     * concurrent requests one at a time, so a burst queues there as it never does in AWS.
     */
    public static final String API_AWS_DEADLINE_MS = "COMFYLESS_API_AWS_DEADLINE_MS";
    /**
     * Failed authentications one source address may make per minute before its requests are refused
     * (429) until the minute ends (20 when unset). Raise it where many clients share one address.
     */
    public static final String AUTH_FAILURES_PER_SOURCE = "COMFYLESS_AUTH_FAILURES_PER_SOURCE";
    /**
     * Comma-separated models ({@code folder/name}) a runner copies from the model store into its
     * cache while it sets up, before it takes jobs.
     */
    public static final String WARM_MODELS = "COMFYLESS_WARM_MODELS";
    /** The default name prefix of locally provisioned resources. */
    public static final String DEFAULT_LOCAL_PREFIX = "comfyless";

    private Settings() {}
}
