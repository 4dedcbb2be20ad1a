package io.comfyless.functions.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.contract.Table;
import io.comfyless.core.live.ApiGatewayConnections;
import io.comfyless.core.live.ConnectionGateway;
import io.comfyless.core.live.ConnectionStore;
import io.comfyless.core.live.DynamoConnectionStore;
import io.comfyless.core.live.Topic;
import io.comfyless.core.tenant.ApiKeyType;
import io.comfyless.core.tenant.ApiKeys;
import io.comfyless.core.tenant.IssuedApiKey;
import io.comfyless.core.tenant.NewApiKey;
import io.comfyless.core.tenant.Scope;
import io.comfyless.testkit.live.LiveClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live-update WebSocket of the local gateway with authentication on, over a real socket: who may
 * connect, what a client may subscribe to, how bad messages are answered, and the management API
 * through API Gateway's own SDK client.
 */
class LiveSocketsIT {

    private static ResourceStack stack;
    private static ConnectionStore connections;

    @BeforeAll
    static void start() {
        stack = ResourceStack.start(ResourceStack.authenticated("ops"));
        connections =
                new DynamoConnectionStore(stack.aws.dynamo(), stack.config.table(Table.CONNECTIONS), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static LiveClient connect(IssuedApiKey key) {
        return LiveClient.connect(stack.api.liveUrl(), ResourceStack.bearer(key));
    }

    /** A pending job of {@code key}'s tenant (no runner takes it here). */
    private static String submitted(IssuedApiKey key) {
        HttpCalls.Reply accepted =
                stack.http.post("/v1/workflows/execute", SecuredStack.TINY, ResourceStack.bearer(key));
        assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(202);
        return accepted.json().path("execution_id").asText();
    }

    private static String subscribe(String field, String value, String requestId) {
        return "{\"type\":\"subscribe\",\"" + field + "\":\"" + value + "\",\"request_id\":\"" + requestId + "\"}";
    }

    @Test
    void anUpgradeWithoutValidCredentialsIsRefusedWith401() {
        URI url = stack.api.liveUrl();

        assertThatThrownBy(() -> LiveClient.connect(url))
                .isInstanceOfSatisfying(
                        LiveClient.Refused.class,
                        refused -> assertThat(refused.status()).isEqualTo(401));
        assertThatThrownBy(() -> LiveClient.connect(url, Map.of("Authorization", "Bearer comfyui_sk_forged")))
                .isInstanceOfSatisfying(
                        LiveClient.Refused.class,
                        refused -> assertThat(refused.status()).isEqualTo(401));
        assertThatThrownBy(() -> LiveClient.connect(URI.create(url + "?token=comfyui_pk_forged")))
                .isInstanceOfSatisfying(
                        LiveClient.Refused.class,
                        refused -> assertThat(refused.status()).isEqualTo(401));
    }

    @Test
    void aCredentialThatMayReadNothingLiveIsRefusedWith403() {
        String tenant = ResourceStack.newTenant();
        ApiKeys keys = ApiKeys.from(stack.config, stack.aws);
        IssuedApiKey writeOnly =
                keys.create(new NewApiKey(tenant, ApiKeyType.SECRET, Set.of(Scope.WORKFLOWS_WRITE), "write only"));

        assertThatThrownBy(() -> connect(writeOnly))
                .isInstanceOfSatisfying(
                        LiveClient.Refused.class,
                        refused -> assertThat(refused.status()).isEqualTo(403));
    }

    @Test
    void aBrowserSendsItsKeyAsTheTokenParameter() {
        IssuedApiKey key = stack.publicKey(ResourceStack.newTenant());

        try (LiveClient client = LiveClient.connect(URI.create(stack.api.liveUrl() + "?token=" + key.secret()))) {
            JsonNode pong = client.request("{\"type\":\"ping\",\"request_id\":\"p1\"}", "p1");

            assertThat(pong.path("type").asText()).isEqualTo("pong");
            assertThat(pong.path("id").asText()).isNotBlank();
            assertThat(pong.path("timestamp").asText()).isNotBlank();
        }
    }

    @Test
    void aMalformedMessageGetsAnErrorFrameAndTheConnectionStaysOpen() {
        try (LiveClient client = connect(stack.secretKey(ResourceStack.newTenant()))) {
            client.send("{not json");
            JsonNode notJson = client.await("error");
            client.send("{\"type\":\"dance\",\"request_id\":\"d1\"}");
            JsonNode unknownType = client.await(m -> m.path("type").asText().equals("error")
                    && m != notJson
                    && m.path("data").path("message").asText().contains("dance"));
            client.send("{\"type\":\"subscribe\",\"channels\":[\"gossip\"]}");
            JsonNode unknownChannel =
                    client.await(m -> m.path("data").path("message").asText().contains("gossip"));

            assertThat(notJson.path("data").path("error").asText()).isEqualTo("invalid_json");
            assertThat(notJson.path("data").path("code").asInt()).isEqualTo(400);
            assertThat(notJson.path("data").path("request_id").asText()).startsWith("ws_");
            assertThat(unknownType.path("data").path("error").asText()).isEqualTo("validation_error");
            assertThat(unknownChannel.path("data").path("error").asText()).isEqualTo("validation_error");
            assertThat(unknownChannel.path("data").path("message").asText()).contains("jobs, downloads, queue, fleet");
            assertThat(client.request("{\"type\":\"ping\",\"request_id\":\"still\"}", "still")
                            .path("type")
                            .asText())
                    .isEqualTo("pong");
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void anotherTenantsJobIsAsUnknownAsAMadeUpOne() {
        IssuedApiKey alice = stack.secretKey(ResourceStack.newTenant());
        IssuedApiKey mallory = stack.secretKey(ResourceStack.newTenant());
        String job = submitted(alice);
        String madeUp = "exec_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);

        try (LiveClient owner = connect(alice);
                LiveClient other = connect(mallory)) {
            JsonNode subscribed = owner.request(subscribe("execution_id", job, "a1"), "a1");
            JsonNode theirs = other.request(subscribe("execution_id", job, "m1"), "m1");
            JsonNode nobodys = other.request(subscribe("execution_id", madeUp, "m2"), "m2");

            assertThat(subscribed.path("type").asText()).isEqualTo("subscribed");
            assertThat(subscribed.path("data").path("topics").get(0).asText()).isEqualTo("job:" + job);
            assertThat(subscribed
                            .path("data")
                            .path("executions")
                            .get(0)
                            .path("status")
                            .asText())
                    .isEqualTo("pending");
            for (JsonNode refused : List.of(theirs, nobodys)) {
                assertThat(refused.path("type").asText()).isEqualTo("error");
                assertThat(refused.path("data").path("error").asText()).isEqualTo("not_found");
                assertThat(refused.path("data").path("code").asInt()).isEqualTo(404);
            }
            assertThat(theirs.path("data").path("message").asText().replace(job, "ID"))
                    .isEqualTo(nobodys.path("data").path("message").asText().replace(madeUp, "ID"));
            assertThat(theirs.path("data").size())
                    .isEqualTo(nobodys.path("data").size());
        }
    }

    @Test
    void aChannelNeedsItsScope() {
        String tenant = ResourceStack.newTenant();
        IssuedApiKey readOnly = ApiKeys.from(stack.config, stack.aws)
                .create(new NewApiKey(tenant, ApiKeyType.SECRET, Set.of(Scope.WORKFLOWS_READ), "reader"));

        try (LiveClient client = connect(readOnly)) {
            JsonNode queue =
                    client.request("{\"type\":\"subscribe\",\"channels\":[\"queue\"],\"request_id\":\"q\"}", "q");
            JsonNode jobs =
                    client.request("{\"type\":\"subscribe\",\"channels\":[\"jobs\"],\"request_id\":\"j\"}", "j");

            assertThat(queue.path("data").path("error").asText()).isEqualTo("forbidden");
            assertThat(jobs.path("type").asText()).isEqualTo("subscribed");
        }
    }

    @Test
    void closingTheSocketForgetsTheConnectionAndItsSubscriptions() {
        IssuedApiKey key = stack.secretKey(ResourceStack.newTenant());
        String job = submitted(key);
        Topic topic = Topic.job(key.key().tenantId(), job);
        LiveClient client = connect(key);
        client.request(subscribe("execution_id", job, "s"), "s");
        String connection = connections.subscribers(topic).get(0);

        client.close();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> connections.subscribers(topic).isEmpty());
        assertThat(connections.find(connection)).isEmpty();
    }

    @Test
    void theManagementApiPostsToAnOpenSocketAndAnswersGoneForAClosedOne() {
        IssuedApiKey key = stack.secretKey(ResourceStack.newTenant());
        String job = submitted(key);
        LiveClient client = connect(key);
        client.request(subscribe("execution_id", job, "s"), "s");
        String connection =
                connections.subscribers(Topic.job(key.key().tenantId(), job)).get(0);
        ConnectionGateway gateway =
                new ApiGatewayConnections(stack.aws.connections(stack.api.liveManagementEndpoint()));

        ConnectionGateway.Delivery open = gateway.post(connection, "{\"type\":\"hello\"}");
        JsonNode received = client.await("hello");
        client.abort();

        assertThat(open).isEqualTo(ConnectionGateway.Delivery.DELIVERED);
        assertThat(received.isObject()).isTrue();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> gateway.post(connection, "{\"type\":\"hello again\"}") == ConnectionGateway.Delivery.GONE);
    }
}
