package io.comfyless.functions.compat;

import io.comfyless.contract.Settings;
import io.comfyless.contract.Webhooks;
import io.comfyless.core.config.Adapters;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.tenant.ApiKeys;
import io.comfyless.core.tenant.IssuedApiKey;
import io.comfyless.core.tenant.NewApiKey;
import io.comfyless.core.tenant.Tier;
import io.comfyless.functions.local.LocalApi;
import io.comfyless.functions.local.LocalEventPump;
import io.comfyless.runner.Runner;
import io.comfyless.runner.RunnerConfig;
import io.comfyless.runner.RunnerMain;
import io.comfyless.runner.model.ModelCacheConfig;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.aws.LocalResources;
import io.comfyless.testkit.comfyui.ComfyUiDouble;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The whole stack for compatibility tests, over real HTTP: the API behind the local gateway (with
 * authentication on when asked, so the documents' {@code Authorization: Bearer} requests are real),
 * runners in this JVM each against its own ComfyUI double and with a model cache of its own, and
 * the event pump that delivers webhooks.
 */
final class CompatStack implements AutoCloseable {

    final LocalResources resources;
    final RuntimeConfig config;
    final AwsClients aws;
    final Adapters adapters;
    final LocalApi api;
    final List<ComfyUiDouble> comfyuis = new ArrayList<>();
    final List<Path> modelDirs = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private CompatStack(boolean auth, int runners, Map<String, String> extra) {
        resources = AwsEmulator.freshResources();
        Map<String, String> env = new HashMap<>(resources.environment());
        env.put(Settings.ENABLE_AUTH, Boolean.toString(auth));
        env.put(Webhooks.ALLOW_INSECURE_ENV_VAR, "true");
        env.put(Webhooks.RETRY_BASE_SECONDS_ENV_VAR, "1");
        env.putAll(extra);
        config = RuntimeConfig.from(env::get);
        aws = new AwsClients(config);
        adapters = new Adapters(config, aws);
        api = LocalApi.start(env, 0);
        for (int i = 1; i <= runners; i++) {
            addRunner();
        }
        closeables.add(LocalEventPump.start(adapters, Clock.systemUTC()));
    }

    static CompatStack start(boolean auth, int runners) {
        return new CompatStack(auth, runners, Map.of());
    }

    static CompatStack start(boolean auth, int runners, Map<String, String> extra) {
        return new CompatStack(auth, runners, extra);
    }

    URI url() {
        return api.url();
    }

    /** A fresh tenant on the enterprise tier (so a test's many requests stay within its window) and its secret key. */
    IssuedApiKey newTenantKey() {
        return newTenantKey("t" + UUID.randomUUID().toString().substring(0, 8), Tier.ENTERPRISE);
    }

    IssuedApiKey newTenantKey(String tenant, Tier tier) {
        ApiKeys keys = ApiKeys.from(config, aws);
        keys.setTier(tenant, tier);
        return keys.create(NewApiKey.secret(tenant, "compatibility tests"));
    }

    /** Puts a model file straight into the model store, as an upload would. */
    void putModel(String relativePath, int size) {
        aws.s3()
                .putObject(
                        request -> request.bucket(config.bucket()).key("models/" + relativePath),
                        RequestBody.fromBytes(new byte[size]));
    }

    /** Starts one more runner (with its own double and model cache), as a scale-out would. */
    Runner addRunner() {
        int index = comfyuis.size() + 1;
        ComfyUiDouble comfyui = ComfyUiDouble.start();
        comfyuis.add(comfyui);
        closeables.add(comfyui);
        Path models = temporaryDirectory("models-" + index);
        modelDirs.add(models);
        Runner runner = RunnerMain.create(
                runnerConfig("runner-" + index, URI.create(comfyui.url())),
                new ModelCacheConfig(Optional.of(models), 1L << 30),
                adapters,
                Clock.systemUTC());
        runner.start();
        closeables.add(runner::close);
        return runner;
    }

    private static RunnerConfig runnerConfig(String id, URI comfyui) {
        return new RunnerConfig(
                id,
                comfyui,
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                Duration.ofSeconds(1),
                2,
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                "test",
                "on-demand");
    }

    private static Path temporaryDirectory(String name) {
        try {
            return Files.createTempDirectory("comfyless-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // Best effort: the next resource still closes.
            }
        }
        api.close();
        aws.close();
    }
}
