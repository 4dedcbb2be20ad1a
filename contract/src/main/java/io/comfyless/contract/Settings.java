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
    /** The default name prefix of locally provisioned resources. */
    public static final String DEFAULT_LOCAL_PREFIX = "comfyless";

    private Settings() {
    }
}
