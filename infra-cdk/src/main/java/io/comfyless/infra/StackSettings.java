package io.comfyless.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import software.constructs.Node;

/**
 * Every deploy-time choice, read once from CDK context ({@code -c key=value} or {@code cdk.json}),
 * with defaults that are safe to deploy as-is. Constructs receive this record instead of reading
 * context themselves, so the full list of knobs lives in one place.
 *
 * @param gpuInstanceTypes    GPU instance types the fleet may launch, in priority order
 * @param maxGpus             upper bound on GPU instances (one runner task each)
 * @param spot                spot capacity (true) or on-demand (false)
 * @param allowedOrigins      browser origins allowed by the API and by the bucket (presigned uploads), besides
 *                            the console's own, which the API always allows
 * @param runnerImage         a registry image for the runner; empty builds {@code gpu-runner/Dockerfile}
 * @param comfyuiCommit       ComfyUI git ref passed to the runner image build as {@code COMFYUI_COMMIT}
 * @param enableAuth          whether the API demands an API key or a user access token
 * @param functionsJar        the Lambda jar (every function)
 * @param runnerDirectory     the Docker build context of the runner image
 * @param consoleDirectory    the built web console ({@code console/target/site})
 * @param alarmEmail          optional e-mail subscribed to the alarm topic
 * @param destroyOnRemoval    delete tables, queues and buckets with the stack (dev only)
 * @param oldestMessageAlarmSeconds age of the oldest queued message that raises an alarm
 * @param backlogPerTask      queued + in-flight job messages per runner the scaling policy aims for
 * @param operatorTenants     tenants allowed to change what all tenants share (the model store)
 * @param modelCacheGiB       disk each GPU instance sets aside for models staged from the model store
 */
public record StackSettings(
        List<String> gpuInstanceTypes,
        int maxGpus,
        boolean spot,
        List<String> allowedOrigins,
        Optional<String> runnerImage,
        Optional<String> comfyuiCommit,
        boolean enableAuth,
        Path functionsJar,
        Path runnerDirectory,
        Path consoleDirectory,
        Optional<String> alarmEmail,
        boolean destroyOnRemoval,
        int oldestMessageAlarmSeconds,
        int backlogPerTask,
        List<String> operatorTenants,
        int modelCacheGiB) {

    public static final List<String> DEFAULT_GPU_INSTANCE_TYPES = List.of("g4dn.xlarge", "g5.xlarge", "g6.xlarge");
    public static final int DEFAULT_MAX_GPUS = 4;
    public static final int DEFAULT_OLDEST_MESSAGE_ALARM_SECONDS = 900;
    /** One job executing and one already submitted to ComfyUI, plus one waiting: see README. */
    public static final int DEFAULT_BACKLOG_PER_TASK = 3;

    public static final String DEFAULT_FUNCTIONS_JAR = "functions/target/comfyless-functions-aws.jar";
    public static final String DEFAULT_RUNNER_DIRECTORY = "gpu-runner";
    public static final String DEFAULT_CONSOLE_DIRECTORY = "console/target/site";
    /** Room for a handful of SDXL or Flux checkpoints with their LoRAs and VAEs. */
    public static final int DEFAULT_MODEL_CACHE_GIB = 100;

    public StackSettings {
        if (gpuInstanceTypes.isEmpty()) {
            throw new IllegalArgumentException("gpuInstanceTypes must name at least one instance type");
        }
        if (maxGpus < 1) {
            throw new IllegalArgumentException("maxGpus must be at least 1, was " + maxGpus);
        }
        if (oldestMessageAlarmSeconds < 60) {
            throw new IllegalArgumentException(
                    "oldestMessageAlarmSeconds must be at least 60, was " + oldestMessageAlarmSeconds);
        }
        if (backlogPerTask < 1) {
            throw new IllegalArgumentException("backlogPerTask must be at least 1, was " + backlogPerTask);
        }
        if (modelCacheGiB < 1) {
            throw new IllegalArgumentException("modelCacheGiB must be at least 1, was " + modelCacheGiB);
        }
        gpuInstanceTypes = List.copyOf(gpuInstanceTypes);
        allowedOrigins = List.copyOf(allowedOrigins);
        operatorTenants = List.copyOf(operatorTenants);
    }

    /**
     * Reads the settings from a construct's context. Relative paths are resolved against the
     * repository root, so the app behaves the same whether started from the root or from
     * {@code infra-cdk/} (where the CDK CLI runs it).
     */
    public static StackSettings fromContext(Node node) {
        Context context = new Context(node);
        Path root = repositoryRoot(Path.of("").toAbsolutePath());
        return new StackSettings(
                context.list("gpuInstanceTypes").orElse(DEFAULT_GPU_INSTANCE_TYPES),
                context.integer("maxGpus").orElse(DEFAULT_MAX_GPUS),
                context.bool("spot").orElse(true),
                context.list("allowedOrigins").orElse(List.of()),
                context.string("runnerImage"),
                context.string("comfyuiCommit"),
                context.bool("enableAuth").orElse(true),
                root.resolve(context.string("functionsJar").orElse(DEFAULT_FUNCTIONS_JAR))
                        .normalize(),
                root.resolve(context.string("runnerDirectory").orElse(DEFAULT_RUNNER_DIRECTORY))
                        .normalize(),
                root.resolve(context.string("consoleDirectory").orElse(DEFAULT_CONSOLE_DIRECTORY))
                        .normalize(),
                context.string("alarmEmail"),
                context.bool("destroyOnRemoval").orElse(false),
                context.integer("oldestMessageAlarmSeconds").orElse(DEFAULT_OLDEST_MESSAGE_ALARM_SECONDS),
                context.integer("backlogPerTask").orElse(DEFAULT_BACKLOG_PER_TASK),
                context.list("operatorTenants").orElse(List.of()),
                context.integer("modelCacheGiB").orElse(DEFAULT_MODEL_CACHE_GIB));
    }

    /** The nearest directory at or above {@code start} holding both {@code pom.xml} and {@code infra-cdk/}. */
    static Path repositoryRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("infra-cdk"))) {
                return dir;
            }
        }
        return start;
    }

    /**
     * Context values arrive as strings from {@code -c key=value} and as JSON types from
     * {@code cdk.json} or tests; accept both.
     */
    private record Context(Node node) {

        Optional<String> string(String key) {
            return Optional.ofNullable(node.tryGetContext(key))
                    .map(Object::toString)
                    .map(String::trim)
                    .filter(s -> !s.isEmpty());
        }

        Optional<Integer> integer(String key) {
            Object value = node.tryGetContext(key);
            if (value instanceof Number number) {
                return Optional.of(number.intValue());
            }
            return string(key).map(text -> {
                try {
                    return Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "context " + key + " must be a whole number, was '" + text + "'", e);
                }
            });
        }

        Optional<Boolean> bool(String key) {
            Object value = node.tryGetContext(key);
            if (value instanceof Boolean flag) {
                return Optional.of(flag);
            }
            return string(key).map(text -> switch (text.toLowerCase()) {
                case "true" -> true;
                case "false" -> false;
                default ->
                    throw new IllegalArgumentException("context " + key + " must be true or false, was '" + text + "'");
            });
        }

        Optional<List<String>> list(String key) {
            Object value = node.tryGetContext(key);
            if (value instanceof Collection<?> items) {
                return Optional.of(items.stream()
                        .map(Object::toString)
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList());
            }
            return string(key)
                    .map(text -> Arrays.stream(text.split(","))
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .toList());
        }
    }
}
