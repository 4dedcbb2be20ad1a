package io.comfyless.core.config;

import io.comfyless.contract.Bucket;
import io.comfyless.contract.Events;
import io.comfyless.contract.Identity;
import io.comfyless.contract.Live;
import io.comfyless.contract.Queue;
import io.comfyless.contract.Settings;
import io.comfyless.contract.Table;
import io.comfyless.core.fleet.FleetSettings;
import io.comfyless.core.schedule.ScheduleTarget;
import io.comfyless.core.webhook.WebhookPolicy;
import io.comfyless.core.workflow.ValidationRules;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything deployed code learns from its environment, read once at start-up. The variable names
 * come from {@code contract}, the same place the CDK app takes them from.
 *
 * @param liveEndpoint the WebSocket API's management endpoint, where live updates are posted; set on
 *     the live-update functions only
 * @param authFailuresPerSource failed authentications one source address may make per minute
 */
public record RuntimeConfig(
        Map<Table, String> tables,
        Map<Queue, String> queues,
        String bucket,
        String eventBus,
        Optional<URI> endpoint,
        String region,
        boolean authEnabled,
        ValidationRules validationRules,
        Optional<UserPool> userPool,
        WebhookPolicy webhooks,
        Optional<ScheduleTarget> scheduleTarget,
        FleetSettings fleet,
        Optional<URI> liveEndpoint,
        int authFailuresPerSource) {

    public static final String DEFAULT_REGION = "us-east-1";
    /** Generous for a misconfigured client, not for a scan. */
    public static final int DEFAULT_AUTH_FAILURES_PER_SOURCE = 20;

    public RuntimeConfig {
        tables = Map.copyOf(tables);
        queues = Map.copyOf(queues);
    }

    /**
     * Reads the configuration through {@code env} (environment variables, or any lookup with the
     * same names). Fails with one message naming every missing variable. The user pool is required
     * when {@code ENABLE_AUTH=true} and ignored otherwise.
     */
    public static RuntimeConfig from(Function<String, String> env) {
        List<String> missing = new ArrayList<>();
        Map<Table, String> tables = new EnumMap<>(Table.class);
        for (Table table : Table.values()) {
            required(env, table.envVar(), missing).ifPresent(name -> tables.put(table, name));
        }
        Map<Queue, String> queues = new EnumMap<>(Queue.class);
        for (Queue queue : Queue.values()) {
            (queue.readByDeployedCode() ? required(env, queue.envVar(), missing) : optional(env, queue.envVar()))
                    .ifPresent(url -> queues.put(queue, url));
        }
        Optional<String> bucket = required(env, Bucket.ENV_VAR, missing);
        Optional<String> bus = required(env, Events.BUS_ENV_VAR, missing);
        boolean auth =
                optional(env, Settings.ENABLE_AUTH).map(Boolean::parseBoolean).orElse(false);
        Optional<UserPool> userPool = Optional.empty();
        if (auth) {
            Optional<String> pool = required(env, Identity.USER_POOL_ID_ENV_VAR, missing);
            Optional<String> client = required(env, Identity.USER_POOL_CLIENT_ID_ENV_VAR, missing);
            if (pool.isPresent() && client.isPresent()) {
                userPool = Optional.of(new UserPool(pool.get(), client.get()));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Missing configuration: " + String.join(", ", missing)
                    + ". Deployed by the CDK app these are set for you; locally use ./comfyless up.");
        }
        Optional<URI> endpoint = optional(env, Settings.AWS_ENDPOINT_URL).map(URI::create);
        String region = optional(env, "AWS_REGION")
                .or(() -> optional(env, "AWS_DEFAULT_REGION"))
                .orElse(DEFAULT_REGION);
        return new RuntimeConfig(
                tables,
                queues,
                bucket.get(),
                bus.get(),
                endpoint,
                region,
                auth,
                ValidationRules.from(env),
                userPool,
                WebhookPolicy.from(env),
                ScheduleTarget.from(env),
                FleetSettings.from(env),
                optional(env, Live.ENDPOINT_ENV_VAR).map(URI::create),
                positiveInt(env, Settings.AUTH_FAILURES_PER_SOURCE).orElse(DEFAULT_AUTH_FAILURES_PER_SOURCE));
    }

    private static Optional<Integer> positiveInt(Function<String, String> env, String name) {
        return optional(env, name).map(value -> {
            try {
                int parsed = Integer.parseInt(value.trim());
                if (parsed > 0) {
                    return parsed;
                }
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            throw new IllegalStateException(name + " must be a positive integer, got '" + value + "'");
        });
    }

    public String table(Table table) {
        return tables.get(table);
    }

    public String queueUrl(Queue queue) {
        return queues.get(queue);
    }

    private static Optional<String> required(Function<String, String> env, String name, List<String> missing) {
        Optional<String> value = optional(env, name);
        if (value.isEmpty()) {
            missing.add(name);
        }
        return value;
    }

    private static Optional<String> optional(Function<String, String> env, String name) {
        return Optional.ofNullable(env.apply(name)).map(String::trim).filter(v -> !v.isEmpty());
    }
}
