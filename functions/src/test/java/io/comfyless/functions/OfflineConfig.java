package io.comfyless.functions;

import io.comfyless.contract.Bucket;
import io.comfyless.contract.Events;
import io.comfyless.contract.Identity;
import io.comfyless.contract.Queue;
import io.comfyless.contract.Settings;
import io.comfyless.contract.Table;
import io.comfyless.core.config.RuntimeConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * A complete configuration whose AWS endpoint answers nothing, for tests that build the real
 * router with {@link ApiFactory} and only exercise what happens before any AWS call.
 */
final class OfflineConfig {

    private OfflineConfig() {}

    static RuntimeConfig withAuth(boolean auth) {
        Map<String, String> env = new HashMap<>();
        for (Table table : Table.values()) {
            env.put(table.envVar(), "t-" + table.name());
        }
        for (Queue queue : Queue.values()) {
            env.put(queue.envVar(), "http://127.0.0.1:9/q/" + queue.name());
        }
        env.put(Bucket.ENV_VAR, "bucket");
        env.put(Events.BUS_ENV_VAR, "bus");
        env.put(Settings.AWS_ENDPOINT_URL, "http://127.0.0.1:9");
        env.put(Settings.ENABLE_AUTH, Boolean.toString(auth));
        env.put(Identity.USER_POOL_ID_ENV_VAR, "us-east-1_pool");
        env.put(Identity.USER_POOL_CLIENT_ID_ENV_VAR, "client");
        return RuntimeConfig.from(env::get);
    }
}
