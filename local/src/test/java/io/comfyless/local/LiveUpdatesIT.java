package io.comfyless.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.contract.Live;
import io.comfyless.core.json.Json;
import io.comfyless.core.live.Channel;
import io.comfyless.core.live.Connection;
import io.comfyless.core.live.ConnectionStore;
import io.comfyless.core.live.Topic;
import io.comfyless.core.tenant.ApiKeys;
import io.comfyless.core.tenant.IssuedApiKey;
import io.comfyless.core.tenant.NewApiKey;
import io.comfyless.core.tenant.Scope;
import io.comfyless.core.tenant.Tier;
import io.comfyless.local.stack.LocalStack;
import io.comfyless.testkit.comfyui.NodeTarget;
import io.comfyless.testkit.live.LiveClient;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live updates end to end on the local stack with authentication on: a runner's progress and previews
 * and the job's completion reach the client subscribed to it, through the bus rule, the live-events
 * queue and the fan-out; nothing of one tenant reaches another; a connection whose socket is gone is
 * removed when the fan-out finds it so.
 */
class LiveUpdatesIT {

    private static final int STEPS = 8;
    private static final Duration STEP = Duration.ofMillis(250);
    private static LocalStack stack;
    private static ApiKeys keys;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        stack = LocalStack.start(new LocalStack.Options(
                0,
                1,
                Optional.empty(),
                true,
                "live" + UUID.randomUUID().toString().substring(0, 6)));
        stack.comfyUiDouble().orElseThrow().faults().sample(NodeTarget.ofClass("ImageInvert"), STEPS, STEP);
        keys = ApiKeys.from(stack.adapters().config(), stack.adapters().aws());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static IssuedApiKey newTenantKey() {
        String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        keys.setTier(tenant, Tier.ENTERPRISE);
        return keys.create(NewApiKey.secret(tenant, "live tests"));
    }

    private static LiveClient connect(IssuedApiKey key) {
        return LiveClient.connect(stack.liveUrl(), Map.of("Authorization", "Bearer " + key.secret()));
    }

    private static HttpResponse<String> call(String method, String path, String body, IssuedApiKey key)
            throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + key.secret())
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String submit(IssuedApiKey key, int color) throws Exception {
        String workflow = """
                {"workflow": {
                  "1": {"class_type": "EmptyImage", "inputs": {"width": 64, "height": 64, "batch_size": 1, "color": %d}},
                  "2": {"class_type": "ImageInvert", "inputs": {"image": ["1", 0]}},
                  "3": {"class_type": "SaveImage", "inputs": {"images": ["2", 0], "filename_prefix": "live/run"}}}}
                """.formatted(color);
        HttpResponse<String> accepted = call("POST", "/v1/workflows/execute", workflow, key);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return Json.read(accepted.body()).path("execution_id").asText();
    }

    private static String subscribe(String field, String value) {
        return "{\"type\":\"subscribe\",\"" + field + "\":" + value + ",\"request_id\":\"" + field + "\"}";
    }

    private static byte[] download(String url) throws Exception {
        HttpResponse<byte[]> response =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static int indexOf(List<JsonNode> messages, String type) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).path("type").asText().equals(type)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aSubscriberSeesProgressWithAnEstimatePreviewsAndCompletionAndNoOtherTenantSeesAnything() throws Exception {
        IssuedApiKey alice = newTenantKey();
        IssuedApiKey bob = newTenantKey();
        try (LiveClient watcher = connect(alice);
                LiveClient stranger = connect(bob)) {
            stranger.request(subscribe("channels", "[\"jobs\", \"queue\"]"), "channels");

            String job = submit(alice, 0x102030);
            JsonNode subscribed = watcher.request(subscribe("execution_id", "\"" + job + "\""), "execution_id");
            JsonNode strangersTry = stranger.request(subscribe("execution_id", "\"" + job + "\""), "execution_id");
            JsonNode preview = watcher.await(m -> m.path("type").asText().equals("preview"));
            JsonNode complete = watcher.await(m -> m.path("type").asText().equals("complete"));

            assertThat(subscribed.path("type").asText()).isEqualTo("subscribed");
            assertThat(strangersTry.path("data").path("error").asText()).isEqualTo("not_found");
            List<JsonNode> received = watcher.messages();
            List<JsonNode> progress = received.stream()
                    .filter(m -> m.path("type").asText().equals("progress"))
                    .toList();
            assertThat(progress).hasSizeGreaterThanOrEqualTo(2);
            assertThat(progress.stream()
                            .map(m -> m.path("data").path("percentage").asDouble()))
                    .isSorted();
            assertThat(progress).anySatisfy(m -> {
                assertThat(m.path("data").path("current_step").asInt()).isBetween(1, STEPS - 1);
                assertThat(m.path("data").path("eta_seconds").asLong()).isPositive();
                assertThat(Instant.parse(
                                m.path("data").path("estimated_completion").asText()))
                        .isAfter(Instant.parse(m.path("timestamp").asText()));
            });
            assertThat(received).allSatisfy(m -> {
                if (m.has("execution_id")) {
                    assertThat(m.path("execution_id").asText()).isEqualTo(job);
                }
            });
            assertThat(indexOf(received, "complete"))
                    .as("progress and previews come before the end")
                    .isGreaterThan(received.lastIndexOf(progress.get(progress.size() - 1)))
                    .isGreaterThan(indexOf(received, "preview"));

            BufferedImage previewImage = ImageIO.read(new ByteArrayInputStream(
                    download(preview.path("data").path("url").asText())));
            assertThat(previewImage.getWidth()).isLessThanOrEqualTo(512);
            assertThat(preview.path("data").path("content_type").asText()).isEqualTo("image/jpeg");

            JsonNode output = complete.path("data").path("outputs").get(0);
            BufferedImage png = ImageIO.read(
                    new ByteArrayInputStream(download(output.path("url").asText())));
            assertThat(png.getWidth()).isEqualTo(64);

            // The stranger's channels carried nothing of alice's: wait for its own job's end to be sure all is in.
            String own = submit(bob, 0x405060);
            stranger.await(m -> m.path("type").asText().equals("complete")
                    && m.path("execution_id").asText().equals(own));
            assertThat(stranger.messages())
                    .noneMatch(m -> job.equals(m.path("execution_id").asText()))
                    .anyMatch(m -> m.path("type").asText().equals("queue_update"));

            // Every frame of this run has the shape asyncapi.json documents.
            LiveSchema schema = LiveSchema.load();
            for (JsonNode frame : List.of(watcher.messages(), stranger.messages()).stream()
                    .flatMap(List::stream)
                    .toList()) {
                assertThat(schema.violations(frame)).as(frame.toString()).isEmpty();
            }
        }
    }

    @Test
    void theStatusRouteShowsTheLatestPreviewAndAnEstimateThatNeverLiesInThePast() throws Exception {
        IssuedApiKey alice = newTenantKey();
        String job = submit(alice, 0x0A0B0C);

        JsonNode running = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> Json.read(call("GET", "/v1/workflows/" + job + "/status", null, alice)
                                .body()),
                        body -> body.path("status").asText().equals("running")
                                // preview is always in the status, null until the runner stored one
                                && body.path("preview").hasNonNull("url")
                                && !body.path("estimated_remaining").isNull());
        Instant asked = Instant.now();

        assertThat(running.path("estimated_remaining").asLong()).isPositive();
        assertThat(Instant.parse(running.path("estimated_completion").asText())).isAfter(asked.minusSeconds(2));
        ImageIO.read(new ByteArrayInputStream(
                download(running.path("preview").path("url").asText())));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Json.read(call("GET", "/v1/workflows/" + job + "/status", null, alice)
                                .body())
                        .path("status")
                        .asText()
                        .equals("completed"));
    }

    @Test
    void aConnectionWhoseSocketIsGoneIsRemovedWhenTheFanOutFindsItSo() throws Exception {
        IssuedApiKey alice = newTenantKey();
        String tenant = alice.key().tenantId();
        ConnectionStore connections = stack.adapters().connections();
        String stale = "stale-" + UUID.randomUUID();
        Instant now = Instant.now();
        // As a connection whose disconnect never arrived: records, but no socket behind them.
        connections.open(
                Connection.opened(stale, tenant, EnumSet.of(Scope.WORKFLOWS_READ), now), now.plus(Live.CONNECTION_TTL));
        connections.subscribe(stale, Topic.channel(tenant, Channel.JOBS), now.plus(Live.CONNECTION_TTL));

        submit(alice, 0x111111);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> connections.find(stale).isEmpty());
        assertThat(connections.subscribers(Topic.channel(tenant, Channel.JOBS))).doesNotContain(stale);
    }
}
