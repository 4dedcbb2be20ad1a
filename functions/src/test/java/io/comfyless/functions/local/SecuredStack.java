package io.comfyless.functions.local;

import io.comfyless.contract.Settings;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.tenant.ApiKeyType;
import io.comfyless.core.tenant.ApiKeys;
import io.comfyless.core.tenant.IssuedApiKey;
import io.comfyless.core.tenant.NewApiKey;
import io.comfyless.core.tenant.Tier;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.aws.LocalResources;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The API with {@code ENABLE_AUTH=true} over real HTTP, on fresh emulator resources, with a key office beside it. */
final class SecuredStack implements AutoCloseable {

    static final String TINY =
            "{\"workflow\": {\"1\": {\"class_type\": \"EmptyImage\", \"inputs\": {\"width\": 8, \"height\": 8,"
                    + " \"batch_size\": 1, \"color\": 0}}, \"2\": {\"class_type\": \"SaveImage\", \"inputs\": {\"images\": [\"1\", 0],"
                    + " \"filename_prefix\": \"t\"}}}}";

    final LocalResources resources;
    final LocalApi api;
    final AwsClients aws;
    final ApiKeys keys;
    final HttpCalls http;

    private SecuredStack(LocalResources resources, LocalApi api, AwsClients aws, ApiKeys keys) {
        this.resources = resources;
        this.api = api;
        this.aws = aws;
        this.keys = keys;
        this.http = new HttpCalls(api.url());
    }

    static SecuredStack start() {
        return start(Map.of());
    }

    /** As {@link #start()}, with {@code settings} added to the API's environment. */
    static SecuredStack start(Map<String, String> settings) {
        LocalResources resources = AwsEmulator.freshResources();
        Map<String, String> environment = new HashMap<>(resources.environment());
        environment.put(Settings.ENABLE_AUTH, "true");
        environment.putAll(settings);
        RuntimeConfig config = RuntimeConfig.from(environment::get);
        AwsClients aws = new AwsClients(config);
        return new SecuredStack(resources, LocalApi.start(environment, 0), aws, ApiKeys.from(config, aws));
    }

    /** A fresh tenant on {@code tier}, so that no two tests share a request window or a job count. */
    String newTenant(Tier tier) {
        String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        keys.setTier(tenant, tier);
        return tenant;
    }

    /** {@code tenant}, named by the caller (operator tenants are named before the stack starts), on {@code tier}. */
    String tenant(String tenant, Tier tier) {
        keys.setTier(tenant, tier);
        return tenant;
    }

    IssuedApiKey secretKey(String tenant) {
        return keys.create(NewApiKey.secret(tenant, "tests"));
    }

    IssuedApiKey publicKey(String tenant) {
        return keys.create(new NewApiKey(tenant, ApiKeyType.PUBLIC, Set.of(), "browser"));
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    static Map<String, String> bearer(IssuedApiKey key) {
        return bearer(key.secret());
    }

    @Override
    public void close() {
        api.close();
        aws.close();
    }
}
