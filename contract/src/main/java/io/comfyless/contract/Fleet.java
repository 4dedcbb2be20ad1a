package io.comfyless.contract;

import java.util.List;

/**
 * The GPU fleet's resources as deployed code finds them: the runner service (cluster and service,
 * {@link Settings#ECS_CLUSTER} and {@link Settings#ECS_SERVICE}) and the Auto Scaling group of GPU
 * instances behind it ({@value #GROUP_ENV_VAR}). The CDK app sets all three on every process that
 * submits jobs (it raises capacity from zero) and on the API (fleet control); the local stack
 * creates the same three in the emulator under {@link #localClusterName} and its siblings.
 */
public final class Fleet {

    public static final String GROUP_ENV_VAR = "COMFYLESS_GPU_GROUP";
    /** The instance types a fleet launches unless told otherwise, in priority order. */
    public static final List<String> DEFAULT_INSTANCE_TYPES = List.of(
            GpuInstanceType.G4DN_XLARGE.apiName(),
            GpuInstanceType.G5_XLARGE.apiName(),
            GpuInstanceType.G6_XLARGE.apiName());
    /** The most GPU instances (one runner each) a fleet has unless told otherwise. */
    public static final int DEFAULT_MAX_GPUS = 4;
    /** The container name of the runner in its task definition. */
    public static final String RUNNER_CONTAINER = "runner";

    private Fleet() {}

    public static String localClusterName(String prefix) {
        return prefix + "-gpus";
    }

    public static String localServiceName(String prefix) {
        return prefix + "-runner";
    }

    public static String localGroupName(String prefix) {
        return prefix + "-gpus";
    }

    public static String localLaunchTemplateName(String prefix) {
        return prefix + "-gpu-host";
    }
}
