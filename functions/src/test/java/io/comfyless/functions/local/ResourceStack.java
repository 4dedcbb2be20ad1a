package io.comfyless.functions.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.contract.Settings;
import io.comfyless.core.config.AwsClients;
import io.comfyless.core.config.RuntimeConfig;
import io.comfyless.core.json.Json;
import io.comfyless.core.tenant.ApiKeyType;
import io.comfyless.core.tenant.ApiKeys;
import io.comfyless.core.tenant.IssuedApiKey;
import io.comfyless.core.tenant.NewApiKey;
import io.comfyless.core.tenant.Tier;
import io.comfyless.testkit.aws.AwsEmulator;
import io.comfyless.testkit.aws.LocalResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The API over real HTTP on fresh emulator resources, with extra environment (auth, operators, an
 * ECS service), direct access to the bucket, and raw calls for what {@link HttpCalls} lacks: PUTs
 * to presigned URLs and DELETEs with a body.
 */
final class ResourceStack implements AutoCloseable {

    final LocalResources resources;
    final RuntimeConfig config;
    final AwsClients aws;
    final LocalApi api;
    final HttpCalls http;
    private final HttpClient raw = HttpClient.newHttpClient();

    private ResourceStack(LocalResources resources, Map<String, String> environment) {
        this.resources = resources;
        this.config = RuntimeConfig.from(environment::get);
        this.aws = new AwsClients(config);
        this.api = LocalApi.start(environment, 0);
        this.http = new HttpCalls(api.url());
    }

    static ResourceStack start(Map<String, String> extraEnvironment) {
        return start(AwsEmulator.freshResources(), extraEnvironment);
    }

    static ResourceStack start(LocalResources resources, Map<String, String> extraEnvironment) {
        Map<String, String> environment = new HashMap<>(resources.environment());
        environment.putAll(extraEnvironment);
        return new ResourceStack(resources, environment);
    }

    static Map<String, String> authenticated(String operatorTenant) {
        return Map.of(Settings.ENABLE_AUTH, "true", Settings.OPERATOR_TENANTS, operatorTenant);
    }

    String bucket() {
        return config.bucket();
    }

    void putObject(String key, byte[] bytes) {
        aws.s3().putObject(request -> request.bucket(bucket()).key(key), RequestBody.fromBytes(bytes));
    }

    IssuedApiKey secretKey(String tenant) {
        ApiKeys keys = ApiKeys.from(config, aws);
        keys.setTier(tenant, Tier.ENTERPRISE);
        return keys.create(NewApiKey.secret(tenant, "tests"));
    }

    IssuedApiKey publicKey(String tenant) {
        ApiKeys keys = ApiKeys.from(config, aws);
        keys.setTier(tenant, Tier.ENTERPRISE);
        return keys.create(new NewApiKey(tenant, ApiKeyType.PUBLIC, Set.of(), "browser"));
    }

    static String newTenant() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, String> bearer(IssuedApiKey key) {
        return Map.of("Authorization", "Bearer " + key.secret());
    }

    /** PUTs {@code body} to a presigned URL with the headers the API said to send. */
    int putTo(String url, JsonNode headers, byte[] body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers != null) {
            headers.properties()
                    .forEach(header ->
                            request.header(header.getKey(), header.getValue().asText()));
        }
        return send(request).statusCode();
    }

    byte[] getFrom(String url) {
        HttpResponse<byte[]> response =
                sendBytes(HttpRequest.newBuilder(URI.create(url)).GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + response.statusCode());
        }
        return response.body();
    }

    HttpCalls.Reply deleteWithBody(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.url().resolve(path))
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        headers.forEach(request::header);
        HttpResponse<String> response = send(request);
        return new HttpCalls.Reply(
                response.statusCode(), response.body().isEmpty() ? null : Json.read(response.body()), response);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return raw.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<byte[]> sendBytes(HttpRequest.Builder request) {
        try {
            return raw.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        api.close();
        aws.close();
    }
}
